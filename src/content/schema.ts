// Zod schemas for every file in content/: the single definition of the content format.
import { z } from 'zod';
import { parseOpeningHours } from './hours.js';

/** Lower-case kebab-case id, the form used for file names and references. */
export const Id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and hyphens only (kebab-case)');

export const LANGUAGES = ['nl', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** A sentence a person reads, in every product language. */
export const LocalText = z.strictObject({
  nl: z.string().trim().min(1, 'Dutch text (nl) is missing'),
  en: z.string().trim().min(1, 'English text is missing'),
});
export type LocalText = z.infer<typeof LocalText>;

export const ROUTES = ['basis', 'netwerk', 'initiatief', 'maatwerk'] as const;
export const RouteId = z.enum(ROUTES);
export type RouteId = z.infer<typeof RouteId>;

export const AUDIENCES = ['inwoner', 'mantelzorger', 'helper'] as const;
export const Audience = z.enum(AUDIENCES);
export type Audience = z.infer<typeof Audience>;

/** Maatwerk signals: what makes tailored support by a person likely to be needed. */
export const SIGNALS = [
  'urgent', // a threat with a date: deurwaarder, afsluiting, huisuitzetting
  'multi-problem', // several serious problems at once
  'severe-limitation', // needs a Wmo/Jeugdwet provision (traplift, rolstoel, jeugdhulp)
  'network-exhausted', // nobody left to help, caregiver overloaded
  'asks-person', // explicitly asks for a person
  'crisis', // any acute danger
  'like-maatwerk', // no rule named one, but the maatwerk word model finds the message like those that needed a person
] as const;
export const Signal = z.enum(SIGNALS);
export type Signal = z.infer<typeof Signal>;

/**
 * Opening hours in a small subset of the OpenStreetMap opening_hours notation:
 * "Mo-Fr 08:30-17:00; Sa 10:00-12:00", "24/7", or "off". Parsed in hours.ts.
 */
export const OpeningHoursText = z
  .string()
  .refine((value) => parseOpeningHours(value).ok, {
    error: 'write opening hours as "Mo-Fr 09:00-17:00; Sa 10:00-12:00", "24/7" or "off"',
  });

const Phone = z
  .string()
  .regex(/^(\+?[0-9][0-9 -]{1,18}[0-9]|[0-9]{3})$/, 'write a phone number like "0800-0113" or "+31 20 123 4567"');

const Url = z.url({ protocol: /^https$/, error: 'use a full https:// link' });

export const Contact = z.strictObject({
  phone: Phone.optional(),
  phoneNote: LocalText.optional(), // hours and costs of the phone line, in words
  url: Url.optional(),
  email: z.email().optional(),
  chat: Url.optional(),
});

/** A fact condition: the named fact must have one of the values. */
export const FactValue = z.union([z.string(), z.boolean(), z.number()]);
export const Condition = z.strictObject({
  fact: Id,
  in: z.array(FactValue).min(1),
});

// ---------------------------------------------------------------- gemeente.yaml
export const GemeenteFile = z.strictObject({
  version: z.number().int().positive(),
  id: Id,
  name: z.string().min(1),
  fictional: z.boolean(),
  form: z.enum(['je', 'u']).default('je'),
  contact: z.strictObject({
    phone: Phone,
    phoneNote: LocalText,
    url: Url,
    email: z.email().optional(),
    address: z.string().min(1),
    hours: OpeningHoursText,
  }),
  adviser: z.strictObject({
    team: LocalText,
    hours: OpeningHoursText,
    timezone: z.string().default('Europe/Amsterdam'),
    responseWorkingDays: z.number().int().min(1).max(10),
  }),
  retentionDays: z.number().int().min(1).max(365).default(28),
  languages: z.array(Language).min(1),
  defaultLanguage: Language.default('nl'),
  /** Topics the keuzehulp does not handle; recognised so that the bot can point to the general contact. */
  outOfScope: z
    .array(
      z.strictObject({
        id: Id,
        label: LocalText,
        words: z.strictObject({ nl: z.array(z.string().min(2)), en: z.array(z.string().min(2)) }),
      }),
    )
    .default([]),
});
export type GemeenteFile = z.infer<typeof GemeenteFile>;

// ---------------------------------------------------------------- routes.yaml
export const RoutesFile = z.strictObject({
  version: z.number().int().positive(),
  routes: z
    .array(
      z.strictObject({
        id: RouteId,
        order: z.number().int().min(1).max(4),
        title: LocalText,
        explanation: LocalText,
      }),
    )
    .length(4),
});
export type RoutesFile = z.infer<typeof RoutesFile>;

// ---------------------------------------------------------------- themes/<id>.yaml
/** Words and phrases people use for a theme. Words are single words (stemmed when matched); phrases are several words. */
export const Vocabulary = z.strictObject({
  words: z.array(z.string().trim().min(2)).default([]),
  phrases: z.array(z.string().trim().min(3)).default([]),
  examples: z.array(z.string().trim().min(3)).default([]),
});
export type Vocabulary = z.infer<typeof Vocabulary>;

export const Choice = z.strictObject({
  id: Id,
  label: LocalText, // ≤ 20 characters: fits a WhatsApp reply button
  synonyms: z.strictObject({ nl: z.array(z.string()).default([]), en: z.array(z.string()).default([]) }).optional(),
  sets: z.record(Id, FactValue).default({}),
  signals: z.array(Signal).default([]),
});
export type Choice = z.infer<typeof Choice>;

export const Question = z.strictObject({
  id: Id,
  text: LocalText,
  why: LocalText.optional(), // why we ask, when it is personal
  when: z.array(Condition).default([]), // ask only when all conditions hold
  choices: z.array(Choice).min(2).max(6),
});
export type Question = z.infer<typeof Question>;

export const ThemeFile = z.strictObject({
  version: z.number().int().positive(),
  id: Id,
  order: z.number().int().min(1),
  label: LocalText,
  description: LocalText,
  audiences: z.array(Audience).min(1),
  vocabulary: z.strictObject({ nl: Vocabulary, en: Vocabulary }),
  subthemes: z
    .array(
      z.strictObject({
        id: Id,
        label: LocalText,
        vocabulary: z.strictObject({ nl: Vocabulary, en: Vocabulary }),
      }),
    )
    .default([]),
  questions: z.array(Question).min(3).max(6),
  /** A theme question that already asks whether people around can help: the general network question is skipped. */
  networkQuestion: Id.optional(),
  /** Offerings to show first for this theme (optional); every offering naming this theme is added after them. */
  offerings: z.array(Id).default([]),
});
export type ThemeFile = z.infer<typeof ThemeFile>;

// ---------------------------------------------------------------- checks/<id>.yaml
/**
 * A short self-check inside a theme (the mantelzorgcheck): a few questions whose answers give points, and a result
 * band that answers one of the theme's own questions, so the advice and maatwerk signals follow from it.
 */
export const CheckFile = z.strictObject({
  version: z.number().int().positive(),
  id: Id,
  theme: Id,
  label: LocalText,
  /** The offer to take the check ("Wil je een korte check doen? …"). */
  offer: LocalText,
  /** Said with the result: what the check is and is not. */
  note: LocalText,
  /** Whether this is a validated instrument (then `source` names it and its licence) or our own short check. */
  validated: z.boolean(),
  source: z.string().min(10),
  questions: z
    .array(
      z.strictObject({
        id: Id,
        text: LocalText,
        choices: z.array(z.strictObject({ id: Id, label: LocalText, points: z.number().int().min(0).max(5) })).min(2).max(3),
      }),
    )
    .min(2)
    .max(5),
  /** Bands by total points, lowest first; the first whose `max` is not exceeded applies. */
  results: z
    .array(
      z.strictObject({
        id: Id,
        max: z.number().int().min(0),
        text: LocalText,
        /** Theme question id → choice id: the result answers these (with their facts and signals). */
        answers: z.record(Id, Id),
      }),
    )
    .min(2)
    .max(4),
});
export type CheckFile = z.infer<typeof CheckFile>;

// ---------------------------------------------------------------- examples/<theme>.yaml
/**
 * Messages people wrote, labelled with one theme: the nearest-example evidence of theme matching learns from them.
 * Kept apart from the theme file because there are hundreds per theme and they are imported, not hand-written.
 */
export const ExampleFile = z.strictObject({
  version: z.number().int().positive(),
  theme: Id,
  /** Where the messages come from and how they were labelled. */
  source: z.string().min(10),
  nl: z.array(z.string().trim().min(2).max(2000)).default([]),
  en: z.array(z.string().trim().min(2).max(2000)).default([]),
});
export type ExampleFile = z.infer<typeof ExampleFile>;

// ---------------------------------------------------------------- offerings/<id>.yaml
export const OfferingFile = z.strictObject({
  version: z.number().int().positive(),
  id: Id,
  name: LocalText,
  description: LocalText,
  route: RouteId,
  themes: z.array(Id).min(1),
  audiences: z.array(Audience).min(1),
  eligibility: LocalText,
  /** Recommend only when at least one condition holds (empty: always fits its themes). */
  conditions: z.array(Condition).default([]),
  fees: LocalText,
  contact: Contact,
  location: z
    .strictObject({ name: z.string().min(1), address: z.string().min(1), city: z.string().min(1) })
    .optional(),
  hours: z.union([OpeningHoursText, LocalText]).optional(),
  applicationProcess: LocalText,
  languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1),
  reviewed: z.iso.date(),
  /** Where the facts were verified ("https://… (checked 2026-11-20)"), or "fictional: …" for local examples. */
  source: z.string().min(3),
  fictional: z.boolean(),
  scope: z.enum(['national', 'local']),
});
export type OfferingFile = z.infer<typeof OfferingFile>;

// ---------------------------------------------------------------- safety.yaml
export const CRISIS_CATEGORIES = ['suicide', 'violence', 'medical'] as const;
export const CrisisCategoryId = z.enum(CRISIS_CATEGORIES);
export type CrisisCategoryId = z.infer<typeof CrisisCategoryId>;

export const SafetyFile = z.strictObject({
  version: z.number().int().positive(),
  numbers: z
    .array(
      z.strictObject({
        id: Id,
        name: LocalText,
        phone: Phone,
        altPhone: Phone.optional(),
        what: LocalText, // what it is, who answers
        hours: LocalText, // "24 uur per dag"
        cost: LocalText, // "gratis"
        url: Url.optional(),
        chat: Url.optional(),
        source: z.string().min(3),
      }),
    )
    .min(3),
  categories: z
    .array(
      z.strictObject({
        id: CrisisCategoryId,
        label: LocalText,
        numbers: z.array(Id).min(1), // most fitting first
        theme: Id.optional(), // theme to continue with once safe
        /** Regular expressions over normalized text (lower case, no accents), per language. */
        patterns: z.strictObject({ nl: z.array(z.string().min(3)), en: z.array(z.string().min(3)) }),
        /** Matches that belong to another category ("hij dreigt me iets aan te doen" is violence, not suicide). */
        exclude: z.strictObject({ nl: z.array(z.string().min(3)), en: z.array(z.string().min(3)) }).default({ nl: [], en: [] }),
      }),
    )
    .length(3),
  /** Harmless idioms with alarming words ("ik ga dood van het lachen"): removed before the patterns run. */
  idioms: z.strictObject({ nl: z.array(z.string().min(3)), en: z.array(z.string().min(3)) }),
  /** Negations that cancel a match when they stand right before it ("nooit", "geen"). Regular expressions. */
  negations: z.strictObject({ nl: z.array(z.string().min(3)), en: z.array(z.string().min(3)) }),
  /**
   * Named word groups (regular expressions per language) that rules combine: "a means" near "a time soon" is a
   * sign of danger even when no fixed phrase matches. Listing words is easier to keep complete than listing phrases.
   */
  concepts: z.record(Id, z.strictObject({ nl: z.array(z.string().min(2)), en: z.array(z.string().min(2)) })).default({}),
  /** A category is signalled when every concept in `all` occurs within `window` characters of normalized text. */
  rules: z
    .array(
      z.strictObject({
        category: CrisisCategoryId,
        all: z.array(Id).min(1),
        window: z.number().int().positive().optional(),
        /**
         * A plan or a preparation ("uitgezocht welke brug hoog genoeg is") stays a crisis next to a joke or talk of
         * learning ("haha"): people hide danger behind humour. Only the past makes it harmless.
         */
        firm: z.boolean().optional(),
      }),
    )
    .default([]),
  /**
   * Context that makes alarming words harmless: something long past ("vroeger", "jaren geleden") or learning about
   * it ("training", "signalen van"). A hit with `past` or `info` nearby is not counted, unless `now` is nearby too
   * ("vroeger sloeg hij me en nu weer"). Each names a concept.
   */
  context: z
    .strictObject({
      past: Id,
      info: Id,
      now: Id,
      /** How near (characters) past or info must be to a hit to make it harmless. */
      window: z.number().int().positive(),
      /** How near a word about now must be to keep the hit (nearer: a long story mentions "nu" for other things). */
      nowWindow: z.number().int().positive(),
    })
    .optional(),
});
export type SafetyFile = z.infer<typeof SafetyFile>;

// ---------------------------------------------------------------- safety-model.json (generated)
/** A logistic regression over word features ("u:stem", "b:stem_stem"). */
const LinearModelSchema = z.strictObject({
  bias: z.number(),
  weights: z.record(z.string().regex(/^[ub]:\S+$/, 'a feature is "u:stem" or "b:stem_stem"'), z.number()),
});

/**
 * The crisis word model under the rules (src/understanding/crisis-model.ts). Generated by
 * `npm run train:crisis` from labelled messages; not edited by hand.
 */
export const SafetyModelFile = z.strictObject({
  version: z.number().int().positive(),
  /** What it learned from: files with their number of lines and of crisis lines. */
  trainedOn: z.array(z.strictObject({ file: z.string(), lines: z.number().int().nonnegative(), crisis: z.number().int().nonnegative() })).min(1),
  /** Probability from which a message counts as a crisis, chosen by cross-validation (see `crossValidation`). */
  threshold: z.number().gt(0).lt(1),
  /** Each training file left out once: how the model alone did on it. */
  crossValidation: z.array(
    z.strictObject({ file: z.string(), crisis: z.number().int(), found: z.number().int(), others: z.number().int(), falseAlarms: z.number().int() }),
  ),
  crisis: LinearModelSchema,
  /** Among crisis messages: which category (which numbers) fits best. */
  categories: z.strictObject({ suicide: LinearModelSchema, violence: LinearModelSchema, medical: LinearModelSchema }),
});
export type SafetyModelFile = z.infer<typeof SafetyModelFile>;

// ---------------------------------------------------------------- maatwerk-model.json (generated)
/**
 * The maatwerk word model beside the signal patterns (src/understanding/maatwerk-model.ts). Generated by
 * `npm run train:maatwerk` from labelled messages; not edited by hand.
 */
export const MaatwerkModelFile = z.strictObject({
  version: z.number().int().positive(),
  /** What it learned from: files with their number of lines and of lines that needed a person. */
  trainedOn: z.array(z.strictObject({ file: z.string(), lines: z.number().int().nonnegative(), maatwerk: z.number().int().nonnegative() })).min(1),
  /** Probability from which a message counts as maatwerk, chosen by cross-validation (see `crossValidation`). */
  threshold: z.number().gt(0).lt(1),
  /** Each training file left out once: how the model alone did on it. */
  crossValidation: z.array(
    z.strictObject({ file: z.string(), maatwerk: z.number().int(), found: z.number().int(), flagged: z.number().int() }),
  ),
  maatwerk: LinearModelSchema,
});
export type MaatwerkModelFile = z.infer<typeof MaatwerkModelFile>;

// ---------------------------------------------------------------- theme-model.json (generated)
/** The class of messages with no theme of ours (out of scope, or no need): the theme model's last resort. */
export const NO_THEME_CLASS = 'none';

/**
 * The theme word model (src/understanding/theme-model.ts): a multinomial logistic regression over the same word
 * features, one column per theme and one for "no theme". Generated by `npm run train:themes`; not edited by hand.
 */
export const ThemeModelFile = z
  .strictObject({
    version: z.number().int().positive(),
    /** What it learned from: sources with their number of messages. */
    trainedOn: z.array(z.strictObject({ file: z.string(), lines: z.number().int().nonnegative() })).min(1),
    /** Theme ids, and NO_THEME_CLASS; the order of every weight list. */
    classes: z.array(z.string().min(1)).min(2),
    /** How much the model's probability weighs as evidence in theme matching, chosen by cross-validation. */
    weight: z.number().nonnegative(),
    /** Each labelled file left out once (its messages also taken out of the examples): themes right, without and with the model. */
    crossValidation: z.array(
      z.strictObject({ file: z.string(), lines: z.number().int().nonnegative(), withoutModel: z.number().int(), withModel: z.number().int() }),
    ),
    bias: z.array(z.number()),
    weights: z.record(z.string().regex(/^[ub]:\S+$/, 'a feature is "u:stem" or "b:stem_stem"'), z.array(z.number())),
  })
  .superRefine((file, ctx) => {
    const n = file.classes.length;
    if (file.bias.length !== n) ctx.addIssue({ code: 'custom', path: ['bias'], message: `needs ${n} numbers, one per class` });
    for (const [feature, list] of Object.entries(file.weights)) {
      if (list.length !== n) ctx.addIssue({ code: 'custom', path: ['weights', feature], message: `needs ${n} numbers, one per class` });
    }
  });
export type ThemeModelFile = z.infer<typeof ThemeModelFile>;

/** Locale resource file: nested objects of strings. */
export type LocaleTree = { [key: string]: string | LocaleTree };
export const LocaleTreeSchema: z.ZodType<LocaleTree> = z.lazy(() =>
  z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), z.union([z.string().min(1), LocaleTreeSchema])),
);

// ---------------------------------------------------------------- signals.yaml
/** Patterns that raise maatwerk signals from free text (crisis comes from safety.yaml, multi-problem from themes). */
export const SignalsFile = z.strictObject({
  version: z.number().int().positive(),
  signals: z
    .array(
      z.strictObject({
        id: Signal,
        description: z.string().min(3),
        patterns: z.strictObject({ nl: z.array(z.string().min(3)), en: z.array(z.string().min(3)) }),
      }),
    )
    .min(1),
});
export type SignalsFile = z.infer<typeof SignalsFile>;
