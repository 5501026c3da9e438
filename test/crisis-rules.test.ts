// The crisis detector's word-group rules and context, on a small safety file of its own (mechanics), and on the
// bundled content (behaviour people rely on).
import { describe, expect, it } from 'vitest';
import { CrisisDetector } from '../src/understanding/crisis.js';
import { normalize } from '../src/understanding/normalize.js';
import { testSafety, understander } from './helpers.js';

const safety = testSafety({
  negations: { nl: ['\\bgeen pillen\\b'], en: [] },
  concepts: {
    means: { nl: ['\\bpillen\\b'], en: [] },
    soon: { nl: ['\\bvanavond\\b'], en: [] },
    letter: { nl: ['\\bbrief\\b'], en: [] },
    past: { nl: ['\\bvroeger\\b'], en: [] },
    info: { nl: ['\\bcursus\\b'], en: [] },
    now: { nl: ['\\bnu\\b'], en: [] },
    thanks: { nl: ['\\bbedankt voor alles\\b'], en: [] },
    done: { nl: ['\\bbedankt voor alles\\b', '\\bhet is op\\b'], en: [] },
    plan: { nl: ['\\bhoog genoeg\\b'], en: [] },
  },
  rules: [
    { category: 'suicide', all: ['means', 'soon'], window: 40 },
    { category: 'medical', all: ['letter', 'letter'] },
    { category: 'violence', all: ['thanks', 'done'] },
    { category: 'suicide', all: ['plan'], firm: true },
  ],
  context: { past: 'past', info: 'info', now: 'now', window: 100, nowWindow: 20 },
});
const detector = new CrisisDetector(safety);
const detect = (message: string) => detector.detect(detector.withoutIdioms(normalize(message)));

describe('crisis word-group rules', () => {
  it('fires when one word of every group stands within the window, and says which', () => {
    const result = detect('ik neem de pillen vanavond');
    expect(result.categories).toEqual(['suicide']);
    expect(result.why).toContain("crisis (suicide): 'pillen' + 'vanavond' (means + soon)");
  });

  it('does not fire when the groups stand further apart than the window', () => {
    expect(detect(`pillen ${'en dan nog iets anders '.repeat(3)}vanavond`).crisis).toBe(false);
    expect(detect('pillen').crisis).toBe(false);
  });

  it('ignores a group word inside a negation', () => {
    expect(detect('ik heb geen pillen vanavond').crisis).toBe(false);
  });

  it('needs two different hits for a group named twice', () => {
    expect(detect('een brief').crisis).toBe(false);
    expect(detect('een brief en nog een brief').categories).toEqual(['medical']);
  });

  it('counts one phrase once, also when it belongs to two groups of a rule', () => {
    expect(detect('de traplift mag weg, bedankt voor alles').crisis).toBe(false);
    expect(detect('bedankt voor alles, het is op').categories).toEqual(['violence']);
  });

  it('does not count a hit about the past or about learning, unless something about now stands near it', () => {
    const past = detect('vroeger pillen vanavond');
    expect(past.crisis).toBe(false);
    expect(past.why.join(' ')).toMatch(/about the past \('vroeger'\)/);
    expect(detect('cursus: pillen vanavond').why.join(' ')).toMatch(/learning or information/);
    expect(detect('vroeger niet, nu pillen vanavond').crisis).toBe(true);
    // "nu" further away than nowWindow does not count as about now.
    expect(detect(`vroeger pillen vanavond ${'bla '.repeat(10)}nu`).crisis).toBe(false);
  });

  it('keeps a firm rule next to talk of learning or a joke, but not next to the past', () => {
    expect(detect('cursus: de brug is hoog genoeg').categories).toEqual(['suicide']);
    const past = detect('vroeger dacht ik: de brug is hoog genoeg');
    expect(past.crisis).toBe(false);
    expect(past.why.join(' ')).toMatch(/about the past \('vroeger'\)/);
  });

  it('lets a past word inside the hit itself decide, even with "now" right beside it', () => {
    // The rule's hit spans "pillen vroeger vanavond": the past word is part of what matched.
    const result = detect('nu pillen vroeger vanavond');
    expect(result.crisis).toBe(false);
    expect(result.why.join(' ')).toMatch(/about the past \('vroeger'\)/);
  });
});

describe("crisis in people's own words (bundled content)", () => {
  const u = understander();
  it.each([
    'heb vandaag een strip oxazepam gespaard, ligt klaar voor het weekend',
    'alles is zwart, ik heb een plan en een datum',
    'sta nu op het dak van de flat en ik spring',
    'mn beste vriend appte afscheid en neemt niet meer op',
    'ben weer aan het krassen en het bloed stopt niet',
    'he is drunk and throwing things at me right now',
    'mijn vriend heeft mijn paspoort afgepakt en sluit me op',
    'buurjongetje van 4 staat al uren buiten in de kou',
    'de kachel brandt en we zijn allemaal duizelig en misselijk',
    'wil niet meer',
    'hij is even weg. gisteravond kneep hij mijn keel dicht. hoe kom ik hier weg',
    'ik maak er een einde aan als dit zo doorgaat',
    'my ex is outside my door screaming and i have my baby here',
    'ik denk er steeds vaker aan om van het flatdak te springen',
    'haha ik heb al opgezocht welke flat hoog genoeg is',
    'hij pakt mijn sleutels af en ik mag niet naar buiten',
    'mijn man is vorig jaar overleden en ik heb mijn slaappillen gespaard',
    'ik eet niet meer en neem mijn medicijnen niet meer, ik wil gewoon naar mijn vrouw toe',
    'volgende week ben ik er niet meer, wie regelt dan mijn uitvaart? het gaat om mezelf',
    'my dad suddenly has a drooping face and cannot lift his arm',
    'hoe zeg ik mijn abonnementen op? ik regel alles zodat mijn zus straks geen rompslomp heeft',
    'wil iemand mijn kat nemen, ik vertrek en ik kom niet meer terug',
    'mum is talking strange and her mouth hangs to one side',
    'ik heb een scheermesje gepakt en ik heb het al gedaan',
    'soms wil ik gewoon gaan slapen en niet meer wakker worden',
    'my little girl drank from the bleach bottle and is crying',
    'hij greep me bij mn keel en zei dat hij vannacht terugkomt',
    'opa viel van de trap, zijn ogen zijn open maar hij zegt niks',
    'zeg tegen mijn dochter dat ik van haar hou',
    'mijn nichtje van 7 heeft een brandwond op haar hand en zegt dat papa het heeft gedaan',
    'voor mijn zoon ligt een brief klaargelegd voor als ik er niet meer ben, het duurt niet lang meer',
    'mijn baby is heel slap en niet reageren',
    'zijn ogen draaien weg en hij schokt met zijn armen',
    'wie neemt mijn kat als ik er niet meer ben? de rest heb ik al geregeld',
    "gave my bike and my cat away to friends, who do I tell at the gemeente after I'm gone",
    'dont think ill be around after sunday, my brother shouldnt have to deal with all of it',
    'giving all my stuff away, wont need any of it after saturday. tired of everything',
    'moet ik me als donor registreren, telt dat ook als je het zelf doet? vrijdag is het zover',
    'keert de uitvaartverzekering ook uit als je het zelf doet? het gebeurt dit weekend, ik wil dat alles geregeld is',
    'hoeveel oxazepam is te veel voor iemand van 16? is eigenlijk niet voor een werkstuk',
    'de aanval van mijn dochter duurt al meer dan 5 minuten en de noodmedicatie werkt niet',
    'opa heeft diabetes, zweet en praat raar en nu zakt hij weg in zijn stoel',
    'mijn zus appte help vanuit een auto en verder niks',
    'mijn vriend trapt nu de voordeur in, ik zit met de kinderen boven',
    'he just kicked the door in and is shouting downstairs',
    'dit is mijn laatste bericht. zeg tegen mama dat zij niets verkeerd heeft gedaan',
    'wie betaalt de huur als ik overlijd? denk dat het volgende week wel gaat gebeuren',
    'ik heb alles in dozen gedaan, mijn broer krijgt mijn platen. morgen is het zover',
    'wat is de hoogste flat in de stad? ik wil dat het snel en pijnloos is',
    'kun je achteraf bij een autopsie niet zien als iemand te veel insuline heeft gespoten',
    "my husband has epilepsy, he is having a seizure and it's been over five minutes",
    'mijn vader viel in de badkamer met zijn hoofd op de rand en nu is hij suf en moet hij overgeven',
    "my neighbour banged her head on the pavement and there's a lot of blood",
    "mijn dochter van 3 heeft pillen uit opa's medicijnkastje gegeten, weet niet hoeveel",
    'ik kap ermee, met alles. doei',
    'ik heb de slaappillen van mijn vader. als ik ze allemaal neem is het dan genoeg',
    'opa is 91, het is al dagen 35 graden, hij is sinds vanochtend verward en wil niet drinken',
    'kan nu niet bellen, hij zit beneden. waar is de vrouwenopvang? de kinderen zijn bij me',
    'hoe laat is het het stilst op de parkeergarage? wil daar zijn zonder dat iemand me tegenhoudt',
    'heb mijn afscheidsbrief neergelegd',
    'school is over and so am i',
    'hij is weer terug. help',
    'wat kost een crematie als je weinig geld hebt? moet volgende week nog geregeld zijn, het is voor mezelf',
    'mijn broertje krijgt klappen van mijn stiefvader, ik durf nu niet naar huis',
    'mijn tweeling huilt al uren en ik ben bang dat ik iets ga doen waar ik spijt van krijg',
    'ik heb geen begeleiding meer nodig, ik heb alles geregeld. bedankt voor al jullie hulp en doe de groeten aan mijn coach',
    "I don't need help anymore, everything is sorted, say hi to Tom at the wijkteam",
    'ik heb alles verkocht, over twee dagen is alles voorbij',
    'hoe lang duurt het voordat je keel geneest als hij je heeft dichtgeknepen? ik was even weg',
    'ex heeft me gisteren gewurgd tot ik bijna flauwgevallen was',
    'my boyfriend strangled me and I blacked out for a moment',
    'sinds mijn man er niet meer is wil ik er eigenlijk ook niet meer zijn',
    'opa heeft dementie en is kwijt, we zoeken al een uur',
    'mijn vader is vorige week opgenomen geweest en nu is hij ineens bewusteloos',
    'mijn vriend sluit me op in de slaapkamer als hij boos is',
    'hij dreigt me iets aan te doen als ik wegga',
    'sinds mijn vrouw vorig jaar overleed wil ik zelf ook dood',
    'het is twee jaar geleden dat mijn vader zelfmoord pleegde en nu wil ik zelf ook dood',
    'it has been a year since my divorce and I want to die',
    'ik heb brandwonden die ik mezelf heb gegeven en ze worden steeds erger, moet ik naar de huisarts?',
    'laatste bericht',
    'bye. ik log niet meer in. mijn games mag jij hebben, dit was het echt',
    'oma drinkt al twee dagen bijna niks in deze hitte en weet niet meer waar ze is',
    'mijn been is nog blauw van gisteren. kan ik bij een vriendin blijven slapen zonder dat mijn vader het weet?',
    'wie wil mijn hond overnemen? na zondag is er niemand meer om voor hem te zorgen',
    "need to delete all my socials tonight so my mum doesn't find anything afterwards",
    'buurvrouw lag vanochtend buiten in de tuin, ze is ijskoud en rilt niet meer',
    'als hij naar zijn werk gaat doet hij de deur op slot en hij neemt mijn telefoon af',
    'familie bedreigt me omdat ik ga scheiden, waar kan ik vannacht slapen',
    "I'm giving away my stuff, won't be needing it after Friday",
    'hoe snel blokkeert de bank de rekening van iemand die overleden is? ik wil dat mijn broer er volgende week nog bij kan',
    'how long does it take for paracetamol to kick in if I take the whole box',
    'which floor is high enough so it is quick',
    'ik heb blauwe plekken in mijn nek, hoe krijg ik die weg? het is niet de eerste keer dat hij dat doet',
    'heb me in mijn been gesneden met een mes, de handdoek is al helemaal doorweekt',
    'we found grandma with dementia in the garden this morning, she is ice cold and confused',
    'ik ben 15 en ze hebben in het land van mijn ouders iemand voor me uitgezocht, ik wil niet',
    // 2026-12-04: rules for the seventh and eighth blind rounds (own wording; none of these was found before).
    'ik wil me leven beeindigen',
    'ik ga mezelf wat aandoen',
    'ik denk de hele dag aan het stuur omgooien bij het viaduct',
    'sinds gisteren geen insuline meer en nu duizelig en overgeven',
    'tickets geboekt, ik hoorde dat ik daar de bruid ben. ik ben 16',
    'buurvrouw met dementie zit buiten, helemaal koud en verward',
    // 2026-12-04: crises that only the word model found, near its threshold, now found by rules (own wording).
    'de aanval van mijn dochter stopt niet, wat moet ik doen',
    'mijn dochter heeft een toeval en het houdt niet op',
    'baby schokt en reageert niet',
    'mijn vriend wilde net mijn keel dichtknijpen, ik zit nu op de wc',
    'my boyfriend choke me an hour ago and he is still here',
    'mijn stiefvader smeet mijn zusje tegen de kast',
    'ik hoor stemmen die zeggen dat ik mijn kind iets aan moet doen',
    'sta bij het spoor. kan niet meer.',
    'welk gebouw is de hoogste hier, voor mezelf gevraagd',
    'wie regelt mijn huur als ik er niet ben? na vanavond hoef ik het niet meer te weten',
    'her lips are swelling after the peanuts and she is wheezing',
    'volgende week gaan we naar het land van mijn ouders en ik heb gehoord dat ik daar moet trouwen. ik ben 17',
  ])('"%s" is a crisis', (message) => {
    expect(u.understand(message).crisis).toBe(true);
  });

  it.each([
    'vroeger sloeg mijn vader ons, nu gaat het al jaren goed, ik zoek een praatgroep',
    'hebben jullie een cursus voor vrijwilligers over het herkennen van zelfdoding?',
    'mijn baas maakt me af als ik weer te laat ben',
    'ik ga morgen naar mijn moeder toe, kan ik daar een taxi voor krijgen',
    'ik moet vanavond mijn pillen nog ophalen bij de apotheek',
    'mijn kind riep boos dat hij dood wil omdat hij geen ijsje kreeg',
    'mijn ex heeft me jaren geleden geslagen, nu wil hij weer contact via de kinderen',
    'ik ga echt dood aan die incassokosten, mag dat zomaar',
    'ik krijg bijna een hartaanval van een brief van de woningcorporatie',
    'we hebben geen eten meer in huis en de kinderen hebben honger, waar is de voedselbank',
    'de deurwaarder staat morgen weer voor de deur, kan er iemand meekijken',
    'stroom is afgesloten sinds vanochtend, ik heb een baby van 4 maanden',
    'is er een lotgenotengroep voor nabestaanden na zelfdoding',
    'ik zou die deurwaarder wel kunnen wurgen, hij komt donderdag',
    'onze kat heeft rattengif gegeten, de dierenarts zegt dat het goed komt',
    'mijn zoon vecht op school, wat kan ik doen',
    'mijn vader eet en drinkt niet meer. ik wil naar hem toe maar woon ver weg',
    'ik heb in de oorlog veel doden gezien en slaap slecht',
    'in dat spel ga ik steeds dood, hoe kom ik verder',
    'mijn ex dreigt dat ik de kinderen nooit meer zie als ik doorzet, kan dat juridisch',
    'ik had vorig jaar pillen gespaard maar nu gaat het goed',
    'ik viel van de trap, veel bloed maar het is gehecht en het gaat goed. wie doet mijn boodschappen?',
    'mijn opa slaat in zijn slaap om zich heen door zijn parkinson, kan hij een breder bed krijgen',
    'op karate leert mijn dochter slaan en schoppen, is dat wel goed voor haar?',
    'mijn moeder met alzheimer was zoekgeraakt in de stad maar is door de buurman thuisgebracht',
    'the police found him and he is home safe now, but who can help me look after my grandad?',
    'ik schrok want ik dacht dat ik een hartaanval had, het bleek een paniekaanval. waar vind ik hulp?',
    'ik ben bang om dood te gaan aan kanker, ik denk er de hele dag aan',
    'mijn dochter van 6 slaat andere kinderen in de klas, wat kan ik doen?',
    'mijn moeder hoort slecht, de verjaardagen slaat ze steeds over. zijn er kleine groepjes voor haar?',
    'mijn buurman reageert niet op onze appjes over de schutting, wie kan bemiddelen?',
    'ik doe alles voor mijn vader: boodschappen, medicijnen, de was. ik trek het niet meer, wie neemt het over?',
    'ik heb een brandwond van de oven, mijn moeder heeft de zalf gehaald',
    'ik heb de envelop met de huurpapieren klaargelegd voor de woningbouw',
    'als je dat nog een keer doet ben je dood zegt mijn baas altijd lachend',
    'mijn zus wil me dood hebben omdat ik haar jurk heb verpest',
    'ik ben op mijn 12e mishandeld door mijn oom, nu ben ik 40 en wil ik erover praten',
    'mijn vader met alzheimer weet niet waar ik ben en belt me wel twintig keer',
    'door de dementie voelt het alsof ik mijn moeder al kwijt ben',
    'mijn zoon maakt er een eind aan met zijn studie, kan hij hulp krijgen bij werk zoeken?',
    'wat moet je doen als je vermoedt dat een leerling thuis geslagen wordt?',
    '"ik ga dood hiervan!" roept mijn dochter bij haar rekenhuiswerk, hoe help ik haar',
    'onze buurtvereniging speelt een voorstelling over huiselijk geweld, hebben jullie folders',
    'mijn vader sloeg mijn moeder dertig jaar geleden, nu zie ik dat mijn zus een jaloerse vriend heeft',
    'ik zie het niet meer zitten met studeren, kan ik een andere opleiding doen',
    "I'm writing a paper on domestic violence policy, who can I interview",
    'mijn therapeut wil antidepressiva, maar ik heb geen zin in pillen. is er een wandelgroep',
    'ik ga zowat dood van het lachen om jullie nieuwe website',
    'ben opgegroeid met een vader die mijn moeder sloeg, nu ben ik zelf vader en wil ik een cursus',
    'opa zegt al jaren elke week "ik ga binnenkort dood" maar hij is kerngezond. kan ik mantelzorgwaardering krijgen',
    'de buren maken vaak ruzie in het weekend, nu niet, maar hoe meld ik dat anoniem?',
    'de huur van 1100 euro per maand vermoordt me echt, kan ik huurtoeslag krijgen',
    'ik doe het nu af en toe voor haar, maar ik verhuis binnenkort. is er een boodschappendienst',
    'mijn moeder met dementie zakt steeds meer weg in haar eigen wereld',
    'sinds de scheiding zakt hij weg op school',
    "my mum's carer won't be around after friday, who can help her with groceries?",
    'hoe leg ik de kinderen uit dat we gaan scheiden zonder ze kapot te maken',
    'die buurman met zn bladblazer, ik sla hem nog eens op zn bek',
    'mijn zoon heeft op school gevochten met een klasgenoot en had een bloedneus, moet ik naar de school?',
    'mijn moeder met dementie was vannacht vermist, de politie heeft haar gelukkig gevonden. hoe voorkom ik dit',
    'ik ben 70 en wil mijn testament maken en alles netjes achterlaten voor de kinderen',
    'welke toeslag is de hoogste als je alleen woont?',
    'hoe zeg ik tegen mijn dochter dat de scheiding niet haar schuld is',
    'ik stop met alles wat met suiker te maken heeft, welke cursus is er',
    'mijn zoon is op zijn hoofd gevallen bij het voetballen vorige maand, nu heeft hij hoofdpijn op school',
    'als ik overlijd, wie zorgt dan voor mijn dochter met een beperking? ik ben 58 en gezond',
    'ik kan die buurman wel wurgen met zijn blaffende hond, waar meld ik overlast',
    'ik ga me nog dood ergeren aan de wachtlijst voor de wmo',
    'mijn zoon slaat vaak het ontbijt over, is dat erg?',
    'mijn vriend heeft me nog nooit geslagen, maar hij is wel jaloers. is dat normaal?',
    'ik heb copd en ben na een paar traptreden al buiten adem, kan ik een traplift krijgen?',
    'mijn vader heeft sinds zijn beroerte moeite met praten, is er logopedie via de gemeente',
    'het is 33 graden, hoe houd ik mijn moeder van 90 koel? ze drinkt genoeg en voelt zich goed',
    'alles staat klaar voor de bruiloft, morgen is het zover',
    'ik hoef geen hulp meer van het wijkteam, de schuldhulp is geregeld. bedankt voor de moeite',
    'everything is sorted with the landlord, thanks for your help',
    'ik wil rustig op mijn dakterras zitten zonder dat iemand me ziet',
    'I quietly volunteer at the homeless shelter, can I do more',
    'ik wil mijn opleiding afmaken maar mijn ouders willen dat ik ga werken',
    'over een paar dagen is de verbouwing voorbij, ik heb alles verkocht wat oud was',
    'mijn moeder is vorige week geopereerd aan haar hart, nu is ze thuis. wie helpt met de boodschappen?',
    'ik zorg voor mijn zus sinds onze ouders er niet meer zijn, is er respijtzorg?',
    'mijn vader herkent me niet meer, ik ben hem kwijt terwijl hij er nog is',
    'de energieleverancier sluit ons af volgende week, wat kan ik doen',
    'mijn partner dreigt bij me weg te gaan omdat ik altijd bij mijn moeder ben',
    'mijn vrouw heeft nachtmerries en slaat in haar slaap met haar armen om zich heen',
    'ik ga hem nog eens vermoorden als hij weer te laat is met de kinderen ophalen',
    'mijn zoon van 14 roept ik spring uit het raam als de wifi weer uitvalt, typisch puber',
    'laatste keer dat ik het hier vraag: wie helpt met mijn belastingaangifte',
    'ik las een boek over huiselijk geweld en wil nu vrijwilliger worden bij een opvang',
    'morgen is het 5 jaar geleden dat mijn zus zelfmoord pleegde, hoe kom ik die dag door',
    'hoe hoog is die flat? we willen er een spandoek ophangen voor het buurtfeest',
    "my brother keeps joking he'll jump off the roof when his team loses",
    'vorige week zwaaide een man met een mes in de supermarkt, ik slaap er slecht van',
    'the neighbour threatened me with a knife last summer, should I still report it',
    'de kinderen van de buren lopen altijd zonder jas buiten, moet ik dat melden?',
    'opa met alzheimer zegt vaak dat hij dood wil, de huisarts weet het. hoe reageer ik?',
    "mijn man riep vannacht 'ik vermoord je' in zijn slaap, hij had een nachtmerrie",
    'oma heeft alzheimer en slaat soms naar de verzorgsters, wat kunnen we doen',
    'is het geweld als mijn dochter van 16 deuren dichtslaat en scheldt?',
    'mijn moeder met dementie duwt mijn hand weg als ik haar help met eten',
    'mijn ex dreigt de kinderen mee te nemen naar Turkije, wat kan ik juridisch doen',
    'ik voel me somber, maar niet zo dat ik dood wil hoor',
    'na mijn dood wil ik dat mijn dochter bij mijn rekening kan, ik ga volgende week naar de notaris',
    'ik ga die trainer nog eens wurgen, alweer een wedstrijd verloren',
    'hoe kom je langs die eindbaas, ik ga al 2 uur dood',
    "my son screams I'm gonna kill you into his headset every night, is that normal",
    'het touw is al gekocht, voor de schommel in de tuin van het buurthuis',
    'we doen een escape room met als thema vergiftigd in het kasteel',
    'ik spring bijna van het balkon als de buren weer gaan boren',
    'vorig jaar heeft hij me geslagen, nu zit hij vast en woon ik ergens anders',
    'ik wil graag iets vragen over huiselijk geweld voor mijn werkstuk',
    // 2026-12-04: exceptions for the seventh and eighth blind rounds (own wording; each was a false alarm before).
    'na een dag verhuizen ben ik dood op, wie helpt zaterdag nog met dozen sjouwen',
    'de boer moest gisteren drie zieke varkens laten afmaken, mijn zoon vond het heftig',
    'mijn ex dreigt alles aan de rechter te vertellen als ik verhuis',
    'mijn baas bijt me de kop af als ik te laat ben door de zorg voor mijn vader',
    'mijn zoon met autisme slaat zijn hoofd tegen de muur als hij overprikkeld is, wat helpt',
    'geen zelfmoordgedachte hoor, ik ben gewoon heel moe en wil praten',
    'ik woon alleen en niemand zou het merken als ik dood in huis lag, hoe leer ik mensen kennen',
    'het gaslek van vorige week is gerepareerd, nu wil ik een koolmonoxidemelder',
    'mijn zoon schopt tegen de deur als hij moet stoppen met gamen',
    'ik ga er niet aan dood, maar ik wil wel hulp met mijn administratie',
    'als ik nog een formulier moet invullen spring ik uit het raam, wie helpt',
    'ik ga hier dood van de eenzaamheid sinds de verhuizing',
    'mijn dochter had een batterijtje ingeslikt, in het ziekenhuis is het verwijderd, hoe voorkom ik dit',
    'ik ga hier pas dood weg zegt mijn oma, maar de trap is te zwaar',
    'mijn zoon zegt dat zijn vrienden nu messen meenemen naar school',
    'mijn kinderen durven niet meer alleen naar buiten sinds de schietpartij',
    'de papegaai roept steeds help help en nu denkt de buurman dat er iets is',
    'brand in de keuken gehad vorige week, wie helpt met opruimen',
    // Read as typed it is no crisis; only the typo-corrected reading would make "reageert niet meer" of it.
    'de corporatie reageerd niet meer op mijn mails over de schimmel',
    // 2026-12-04: the edges of the rules above.
    'het voelt alsof de bank me de keel dichtknijpt met die rente',
    'mijn zoon gooide zijn telefoon tegen de muur toen hij moest stoppen met gamen',
    'welke brug is de hoogste van nederland? voor een spreekbeurt',
    'ik ga volgend jaar trouwen met mijn vriend, kan ik hulp krijgen bij het budget',
    'mijn paniek aanval houdt niet op, wie kan ik spreken',
    'het is geen toeval, het houdt niet op met die brieven van het incassobureau',
  ])('"%s" is not a crisis', (message) => {
    expect(u.understand(message).crisis).toBe(false);
  });
});
