export { accountsEntities } from './member.entity.js';
