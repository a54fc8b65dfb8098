// A labelled text area with its problem and hint, named for screen readers (aria-describedby).
export interface TextAreaFieldProps {
  /** The text area's id; the problem's and the hint's ids start with it. */
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  problem?: string | null;
  hint: string;
  rows?: number;
}

export function TextAreaField({ id, label, value, onChange, problem, hint, rows = 4 }: TextAreaFieldProps) {
  return (
    <>
      <label className="field">
        <span className="field-label">{label}</span>
        <textarea
          id={id} className="input" rows={rows} spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)}
          aria-invalid={!!problem} aria-describedby={`${problem ? `${id}-problem ` : ''}${id}-hint`}
        />
      </label>
      {problem && <p className="field-error" id={`${id}-problem`}>{problem}</p>}
      <p className="hint" id={`${id}-hint`}>{hint}</p>
    </>
  );
}
