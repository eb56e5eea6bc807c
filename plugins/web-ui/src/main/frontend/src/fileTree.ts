// A torrent's files as a tree of folders, for the add dialog and the details' Files tab.
import type { TorrentFile } from './api';

export interface FileNode {
  name: string;
  /** A path unique in the tree, for keys. */
  path: string;
  /** The file's index in the torrent, for a file; null for a folder. */
  index: number | null;
  length: number;
  children: FileNode[];
}

/** The tree of the torrent's real files (padding files are left out), folders first, by name. */
export function buildTree(files: TorrentFile[]): FileNode[] {
  const root: FileNode = { name: '', path: '', index: null, length: 0, children: [] };
  files.forEach((f, index) => {
    if (f.padding) return;
    let node = root;
    f.components.forEach((part, depth) => {
      const leaf = depth === f.components.length - 1;
      const path = f.components.slice(0, depth + 1).join('/');
      let child = leaf ? undefined : node.children.find((c) => c.index === null && c.name === part);
      if (!child) {
        child = { name: part, path: leaf ? `${path}#${index}` : path, index: leaf ? index : null, length: 0, children: [] };
        node.children.push(child);
      }
      child.length += f.length;
      node = child;
    });
    root.length += f.length;
  });
  const order = (nodes: FileNode[]) => {
    nodes.sort((a, b) => Number(a.index !== null) - Number(b.index !== null) || a.name.localeCompare(b.name));
    nodes.forEach((n) => order(n.children));
  };
  order(root.children);
  return root.children;
}

/** Every file index under a node. */
export function indexesUnder(node: FileNode): number[] {
  return node.index !== null ? [node.index] : node.children.flatMap(indexesUnder);
}

/** Whether all, some or none of a node's files are chosen. */
export function choiceOf(node: FileNode, chosen: ReadonlySet<number>): 'all' | 'some' | 'none' {
  const all = indexesUnder(node);
  const n = all.filter((i) => chosen.has(i)).length;
  return n === 0 ? 'none' : n === all.length ? 'all' : 'some';
}

/** The choice after toggling a node: a folder partly or not chosen becomes all chosen, else none. */
export function toggle(node: FileNode, chosen: ReadonlySet<number>): Set<number> {
  const next = new Set(chosen);
  const on = choiceOf(node, chosen) !== 'all';
  for (const i of indexesUnder(node)) {
    if (on) next.add(i);
    else next.delete(i);
  }
  return next;
}
