// The loaded, checked content library as the rest of the product sees it.
import type {
  CheckFile,
  ExampleFile,
  GemeenteFile,
  Language,
  LocaleTree,
  OfferingFile,
  RoutesFile,
  SafetyFile,
  SafetyModelFile,
  ThemeModelFile,
  MaatwerkModelFile,
  SignalsFile,
  ThemeFile,
} from './schema.js';

export interface Problem {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  message: string;
}

export interface Content {
  root: string;
  gemeente: GemeenteFile;
  /** Routes in their order: basis, netwerk, initiatief, maatwerk. */
  routes: RoutesFile['routes'];
  /** Themes in their quick-choice order. */
  themes: ThemeFile[];
  offerings: OfferingFile[];
  /** Short self-checks inside themes (content/checks/), at most one per theme. */
  checks: CheckFile[];
  /** Labelled messages per theme (content/examples/), learned from by theme matching. */
  examples: ExampleFile[];
  safety: SafetyFile;
  /** The crisis word model under the rules (content/safety-model.json), or null when the file is absent. */
  safetyModel: SafetyModelFile | null;
  /** The generated theme word model (content/theme-model.json), or null without it. */
  themeModel: ThemeModelFile | null;
  /** The generated maatwerk word model (content/maatwerk-model.json), or null without it. */
  maatwerkModel: MaatwerkModelFile | null;
  signals: SignalsFile;
  /** Product sentences per language and namespace (file name), from content/locales. */
  locales: Record<Language, Record<string, LocaleTree>>;
  themeById: ReadonlyMap<string, ThemeFile>;
  offeringById: ReadonlyMap<string, OfferingFile>;
  checkByTheme: ReadonlyMap<string, CheckFile>;
}
