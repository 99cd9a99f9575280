/** Escapes text for HTML (every value the API returns is shown through this). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The element matching `selector` under `root`; throws when the page lacks it (a bug, not a state). */
export function mustFind<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`board: ${selector} is missing`);
  return element;
}
