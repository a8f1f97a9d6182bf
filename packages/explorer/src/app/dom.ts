// A few lines of DOM building instead of a UI library: the views are tables and forms re-rendered
// when a block arrives, so a framework would add weight (and a virtual DOM) without removing code.
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

export function h(tag: string, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A link inside the app (hash routing: no server routes needed to serve it). */
export const link = (route: string, text: string, testId?: string) => h('a', { href: `#/${route}`, 'data-testid': testId }, text);

export function table(headers: readonly string[], rows: readonly (Child | Child[])[][], testId?: string): HTMLElement {
  return h(
    'table',
    { 'data-testid': testId },
    h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell))))),
  );
}

export const section = (title: string, ...children: (Child | Child[])[]) => h('section', {}, h('h2', {}, title), ...children);

/** Key/value rows of a detail page. */
export const facts = (pairs: readonly [string, Child | Child[]][], testId?: string) =>
  h('dl', { 'data-testid': testId }, ...pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
