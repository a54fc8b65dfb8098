// Language set-up: English and Dutch, chosen from the browser unless the person picked one.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { MESSAGES } from './messages';

export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'keywarden.language';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The stored choice, else the first browser language we speak, else English. */
export function detectLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage may be blocked; fall through to the browser's languages
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered, but still switched
  }
  void i18next.changeLanguage(language);
}

export function initI18n(): typeof i18next {
  const language = detectLanguage();
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: MESSAGES.en }, nl: { translation: MESSAGES.nl } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
  });
  document.documentElement.lang = language;
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  return i18next;
}
