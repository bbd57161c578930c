// The thin DOM layer under view.ts: builds nodes with createElement(NS), setAttribute and text nodes only (no
// markup is ever parsed, so production strings cannot become HTML), and wires the tree's actions to events.
import type { ViewAction, ViewElement, ViewNode } from './view';

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(node: ViewNode, onAction: (action: ViewAction) => void, toScroll: Element[]): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const element = node.svg ? document.createElementNS(SVG_NS, node.tag) : document.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs ?? {})) element.setAttribute(name, value);
  for (const child of node.children ?? []) element.append(build(child, onAction, toScroll));
  wire(element, node, onAction);
  if (node.scrollIntoView) toScroll.push(element);
  return element;
}

function wire(element: Element, node: ViewElement, onAction: (action: ViewAction) => void): void {
  const { onClick, onEnterOrSpace } = node;
  if (onClick) element.addEventListener('click', () => onAction(onClick));
  if (onEnterOrSpace) {
    element.addEventListener('keydown', (event) => {
      const key = (event as KeyboardEvent).key;
      if (key !== 'Enter' && key !== ' ') return;
      event.preventDefault();
      onAction(onEnterOrSpace);
    });
  }
}

/** Replaces `root`'s content with the tree, then scrolls a highlighted row into view. */
export function mount(root: Element, nodes: readonly ViewNode[], onAction: (action: ViewAction) => void): void {
  const toScroll: Element[] = [];
  root.replaceChildren(...nodes.map((node) => build(node, onAction, toScroll)));
  toScroll[0]?.scrollIntoView({ block: 'center' });
}
