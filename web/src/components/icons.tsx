// Inline icons: the console loads no fonts or images from anywhere, so glyphs never go missing.
const common = { width: 16, height: 16, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.6, 'aria-hidden': true, focusable: false } as const;

export function KeyIcon({ size = 18 }: { size?: number }) {
  return (
    <svg {...common} width={size} height={size} strokeLinecap="round">
      <circle cx="5" cy="8" r="3.2" />
      <path d="M8.2 8H15M12.5 8v2.6M14.6 8v2" />
    </svg>
  );
}

export function CopyIcon() {
  return (
    <svg {...common} strokeLinejoin="round">
      <rect x="5.5" y="5.5" width="8" height="8.5" rx="1.5" />
      <path d="M3.5 10.5h-.5A1 1 0 0 1 2 9.5V3a1 1 0 0 1 1-1h6.5a1 1 0 0 1 1 1v.5" />
    </svg>
  );
}

export function CheckIcon() {
  return (
    <svg {...common} strokeLinecap="round" strokeLinejoin="round">
      <path d="M3 8.5l3 3 7-7" />
    </svg>
  );
}

export function WarningIcon() {
  return (
    <svg {...common} strokeLinejoin="round" strokeLinecap="round">
      <path d="M8 1.8L15 14H1L8 1.8z" />
      <path d="M8 6.5v3.5M8 12v.01" />
    </svg>
  );
}

export function ChevronIcon({ open }: { open: boolean }) {
  return (
    <svg {...common} strokeLinecap="round" strokeLinejoin="round" style={{ transform: open ? 'rotate(90deg)' : undefined, transition: 'transform 0.15s' }}>
      <path d="M6 3.5L10.5 8 6 12.5" />
    </svg>
  );
}
