// Dates and numbers in the chosen locale, through Intl.
import { useTranslation } from 'react-i18next';

const LOCALES: Record<string, string> = { en: 'en-GB', nl: 'nl-NL' };

export function localeOf(language: string): string {
  return LOCALES[language] ?? language;
}

export interface Formatters {
  locale: string;
  dateTime(iso: string | null | undefined): string;
  date(iso: string | null | undefined): string;
  number(value: number): string;
  relative(iso: string | null | undefined): string;
}

export function makeFormatters(language: string, never: string): Formatters {
  const locale = localeOf(language);
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const numberFormat = new Intl.NumberFormat(locale);
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return {
    locale,
    dateTime: (iso) => (iso ? dateTimeFormat.format(new Date(iso)) : never),
    date: (iso) => (iso ? dateFormat.format(new Date(iso)) : never),
    number: (value) => numberFormat.format(value),
    relative: (iso) => {
      if (!iso) return never;
      const seconds = (Date.parse(iso) - Date.now()) / 1000;
      const steps: [Intl.RelativeTimeFormatUnit, number][] = [
        ['year', 31536000],
        ['month', 2592000],
        ['day', 86400],
        ['hour', 3600],
        ['minute', 60],
      ];
      for (const [unit, size] of steps) {
        if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
      }
      return relativeFormat.format(Math.round(seconds), 'second');
    },
  };
}

/** Formatters for the current language; re-render on a language switch comes from useTranslation. */
export function useFormat(): Formatters {
  const { t, i18n } = useTranslation();
  return makeFormatters(i18n.language, t('common.never'));
}
