// Guards the console's Dutch: formal "u", the products' own words from the seeds (DESIGN.md
// "Decisions on the seeds"), and different verbs for revoking a key and withdrawing a member's access.
import { describe, expect, it } from 'vitest';
import { flattenMessages } from './tree';
import { MESSAGES } from './messages';

const dutch = flattenMessages(MESSAGES.nl);
const english = flattenMessages(MESSAGES.en);
const INFORMAL = /(?<!\p{L})(je|jij|jou|jouw|jezelf|jullie|jouwe)(?!\p{L})/iu;

describe('the console\u2019s Dutch', () => {
  it('addresses the reader formally, never with je, jij or jouw', () => {
    expect([...dutch].filter(([, text]) => INFORMAL.test(text)).map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('uses the seeds\u2019 words', () => {
    const words: Record<string, string> = {
      'nav.keys': 'API-sleutels',
      'status.active': 'Actief',
      'status.expired': 'Vervallen',
      'status.revoked': 'Ingetrokken',
      'role.tenant_admin': 'Tenantbeheerder',
      'role.developer': 'Ontwikkelaar',
      'members.licensed': 'Licentie',
      'nav.events': 'Gebeurtenissen',
      'nav.settings': 'Instellingen',
      'generate.description': 'Omschrijving',
      'keys.col.owner': 'Eigenaar',
      'keys.revoke': 'Intrekken',
      'myKeys.rotate': 'Opnieuw genereren',
      'resourceType.account': 'Account',
      'resourceType.folder': 'Map',
      'resourceType.building': 'Gebouw',
      'resourceType.database': 'Database',
    };
    expect(Object.fromEntries(Object.keys(words).map((key) => [key, dutch.get(key)]))).toEqual(words);
    expect(dutch.get('myKeys.generate')).toMatch(/genereren/);
    expect(dutch.get('generate.submit')).toMatch(/genereren/);
    expect(dutch.get('settings.enabled')).toMatch(/inschakelen/);
    expect(dutch.get('scopes.permission')).toMatch(/^Toestemmingsniveau/);
  });

  it('calls an expired key vervallen, not verlopen', () => {
    expect([...dutch].filter(([, text]) => /verlo(pen|opt)/i.test(text) && !/sessie/i.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('has none of the clumsy phrasings of before', () => {
    const clumsy = /stelt geen maximale looptijd|Resource van bereik|\bdiens\b/;
    expect([...dutch].filter(([, text]) => clumsy.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('uses different verbs for revoking a key and withdrawing a member\u2019s access, in both languages', () => {
    const withdrawing = ['members.withdraw', 'members.withdrawTitle', 'members.withdrawConfirm', 'members.withdrawn', 'eventType.member.withdrawn'];
    for (const [texts, revokeVerb, withdrawVerb] of [[dutch, /intrek|ingetrokken/i, /beëindig/i], [english, /revok/i, /withdr/i]] as const) {
      for (const key of withdrawing) {
        expect(texts.get(key), key).toMatch(withdrawVerb);
        expect(texts.get(key), key).not.toMatch(revokeVerb);
      }
      expect(texts.get('keys.revoke')).toMatch(revokeVerb);
      expect(texts.get('keys.revoke')).not.toMatch(withdrawVerb);
    }
  });
});
