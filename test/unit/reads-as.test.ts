import { describe, expect, it } from 'vitest';
import { passesFor, readsAs } from '../../resolvers/accounts/reads-as.js';
import { ANONYMOUS_NICKNAME } from '../../directives/transforms/placeholder.js';

describe('a nickname that reads as the anonymous authors\' stand-in (P-31)', () => {
  it('P-31 reads "Anonymous" in any case, width, script, accent, hook, symbol or digit standing in for a letter, and with symbols or digits around it', () => {
    for (const nickname of ['Anonymous', ' aNoNyMoUs ', 'Ａｎｏｎｙｍｏｕｓ', '\u0410nonymous', 'Anonymo\u057Ds', '\u1D00nonymous', 'Anonymou\u0282', '\u00C0nonymous', 'Anonymo\u016Bs', 'An\u00F8nym\u00F8us', 'Anonymou$', 'An0nymous', 'Anony-mous', 'A n o n y m o u s', 'Anonymous|', 'Anonymous™', 'Anonymous ☺', '~Anonymous~', '`Anonymous`', 'Anonymous°', 'Anonymous^', 'Anonymou5', 'Anonym0u5', 'Anonymous1', 'Anonymous$', 'Anonymousˈ', 'Anonymousʹ', 'Anonymousꞏ', 'Anonymousǀ', 'Anonymousー', 'Anonymousｰ', 'Anonymousᐧ', 'Anonymous〳', 'Anonymousߺ', '(Anonymous)ー']) {
      expect(readsAs(nickname, ANONYMOUS_NICKNAME), nickname).toBe(true);
    }
  });
  it('P-31 leaves nicknames that only share letters with it, and names in other scripts', () => {
    for (const nickname of ['Anonymousse', 'Anon', 'AnonymousFan', 'Anonymity', 'Anonymo\u00FC\u00DF\u00E7', '\u738B\u5C0F\u660E\u738B\u5C0F\u660E\u738B\u5C0F\u660E', 'DeerFan', '']) {
      expect(readsAs(nickname, ANONYMOUS_NICKNAME), nickname).toBe(false);
    }
  });

  it('P-31 a nickname passes for it when a word of it reads as it or it is misspelt by one letter; a name joined to it, or further from it, is a name of its own', () => {
    for (const nickname of ['anonymous user', 'Anonymous Fan', 'User (Anonymous)', 'Anonymus', 'Annonymous', 'Anonymoux', 'Anonymouss', 'anon-ymus']) {
      expect(passesFor(nickname, ANONYMOUS_NICKNAME), nickname).toBe(true);
    }
    for (const nickname of ['AnonymousFan', 'Anonymity', 'Anonymousse', 'Anon', 'DeerFan', 'Synonymous', 'Unanimous']) {
      expect(passesFor(nickname, ANONYMOUS_NICKNAME), nickname).toBe(false);
    }
  });
});
