// Audience: is the question for oneself (inwoner), about caring for someone (mantelzorger), or about helping others (helper)?
import type { Audience } from '../content/schema.js';

const RELATIVE =
  '(moeder|vader|ma|pa|mama|papa|ouders|man|vrouw|partner|echtgenoot|echtgenote|vriend|vriendin|zoon|dochter|kind|broer|zus|zusje|broertje|oma|opa|schoonmoeder|schoonvader|schoonouders|tante|oom|buurman|buurvrouw|mother|father|mum|mom|dad|parents|husband|wife|son|daughter|brother|sister|grandmother|grandfather|grandma|grandpa)';
const CARE_CONDITION =
  '(dementie|dement|alzheimer|parkinson|ziek|ziekte|kanker|beroerte|herseninfarct|hersenletsel|beperking|gehandicapt|handicap|rolstoel|verpleeghuis|slecht ter been|hulpbehoevend|bedlegerig|terminaal|copd|hartfalen|ms|autisme|verslaafd|psychisch|depressief|dementia|ill|illness|disabled|disability|cancer|stroke|frail)';

const MANTELZORGER: RegExp[] = [
  /\bmantelzorg\w*/,
  /\b(zorg|zorgen|zorgt|verzorg|verzorgen|verzorgt|help|helpen) (\w+ ){0,2}voor (mijn|m|onze|ons) /,
  /\b(verzorg|verzorgen|verzorgt) (\w+ ){0,2}(mijn|m|onze) /,
  new RegExp(`\\b(mijn|m|onze) (\\w+ ){0,1}${RELATIVE}\\b(\\w+ ){0,6}${CARE_CONDITION}`),
  new RegExp(`\\b${CARE_CONDITION} (\\w+ ){0,4}(van )?(mijn|m|onze) ${RELATIVE}\\b`),
  /\b(caring|care) for (my|our) /,
  /\b(carer|caregiver|care giver|informal care)\b/,
  /\brespijt\w*/,
];

/** Words that show the person speaks about their own situation. */
const FIRST_PERSON = /\b(ik|mij|me|mijn|mijzelf|mezelf|wij|we|ons|onze|i|my|myself|we|our|us)\b/;
/** A close relative or partner named as the one who needs care. */
const CARED_FOR = new RegExp(`\\b(mijn|onze|my|our) (\\w+ ){0,1}(moeder|vader|ma|pa|mama|papa|ouders|opa|oma|schoonmoeder|schoonvader|schoonouders|man|vrouw|partner|echtgenoot|echtgenote|broer|zus|tante|oom|mother|father|mum|mom|dad|parents|husband|wife|grandmother|grandfather|grandma|grandpa)\\b`);
/** Themes where a named relative in need usually means the person is their carer. */
const CARE_THEMES = new Set(['mantelzorg', 'thuis-wonen']);

export function detectAudience(normalized: string, theme: string | null): { audience: Audience | null; why: string | null } {
  if (theme === null) return { audience: null, why: null };
  if (theme === 'helpen') return { audience: 'helper', why: 'wants to help others (theme helpen)' };
  const care = MANTELZORGER.find((p) => p.test(normalized));
  if (theme === 'mantelzorg' || (care && theme !== 'opvoeding') || (CARE_THEMES.has(theme) && CARED_FOR.test(normalized))) {
    return { audience: 'mantelzorger', why: care ? 'cares for someone close' : theme === 'mantelzorg' ? 'theme mantelzorg' : 'asks for a relative' };
  }
  // A bare topic ("traplift", "scheiding") says nothing about who asks.
  if (!FIRST_PERSON.test(normalized)) return { audience: null, why: 'no sign of who the question is for' };
  return { audience: 'inwoner', why: null };
}
