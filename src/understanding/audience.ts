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

const HELPER: RegExp[] = [
  /\bvrijwillig\w*/,
  /\b(wil|zou|graag|kan) (\w+ ){0,4}(helpen|inzetten|bijdragen|iets doen voor|iets betekenen)\b/,
  /\b(buurtinitiatief|bewonersinitiatief|initiatief (starten|beginnen|opzetten)|vereniging (starten|opzetten|oprichten))\b/,
  /\b(volunteer\w*|want to help|would like to help|give back)\b/,
];

export function detectAudience(normalized: string, theme: string | null): { audience: Audience | null; why: string | null } {
  if (theme === 'helpen' || (theme === null && HELPER.some((p) => p.test(normalized)))) {
    return { audience: 'helper', why: theme === 'helpen' ? 'wants to help others (theme helpen)' : 'talks about volunteering' };
  }
  const care = MANTELZORGER.find((p) => p.test(normalized));
  if (theme === 'mantelzorg' || (care && theme !== 'opvoeding')) {
    return { audience: 'mantelzorger', why: care ? 'cares for someone close' : 'theme mantelzorg' };
  }
  if (theme !== null) return { audience: 'inwoner', why: null };
  return { audience: null, why: null };
}
