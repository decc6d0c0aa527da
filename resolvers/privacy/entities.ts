import { Consent, ConsentEvent } from './consent.entity.js';
import { DataSubjectRequest } from './request.entity.js';

/** The privacy subgraph's MikroORM entities (defineEntity; tables prefixed 'privacy_'). */
export const privacyEntities = [Consent, ConsentEvent, DataSubjectRequest];
