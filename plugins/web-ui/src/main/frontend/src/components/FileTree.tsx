// A torrent's files as a tree with a checkbox on each file and folder (a folder's is mixed when part
// of it is chosen), each with its size and, in a torrent being downloaded, its progress.
import { useEffect, useRef } from 'react';
import { bytes, percent } from '../format';
import { choiceOf, toggle, type FileNode } from '../fileTree';
import { Icon } from './Icons';
import { ProgressBar } from './ProgressBar';

export interface FileTreeProps {
  nodes: FileNode[];
  chosen: ReadonlySet<number>;
  onChange(next: Set<number>): void;
  /** Verified bytes of each file, by index; absent before the torrent is added. */
  progress?: number[];
  disabled?: boolean;
  /** Where a file can be streamed from, for a torrent the server has. */
  streamUrl?(index: number, name: string): string;
}

function Checkbox({ node, props }: { node: FileNode; props: FileTreeProps }) {
  const ref = useRef<HTMLInputElement>(null);
  const choice = choiceOf(node, props.chosen);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = choice === 'some';
  }, [choice]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={`Download ${node.index === null ? 'folder ' : ''}${node.name}`}
      checked={choice === 'all'}
      disabled={props.disabled}
      onChange={() => props.onChange(toggle(node, props.chosen))}
    />
  );
}

function progressOfNode(node: FileNode, progress: number[]): number {
  const done = (n: FileNode): number => (n.index !== null ? (progress[n.index] ?? 0) : n.children.reduce((a, c) => a + done(c), 0));
  return node.length > 0 ? done(node) / node.length : 1;
}

function Rows({ nodes, depth, props }: { nodes: FileNode[]; depth: number; props: FileTreeProps }) {
  return (
    <>
      {nodes.map((node) => {
        const fraction = props.progress ? progressOfNode(node, props.progress) : null;
        return (
          <li key={node.path} className="file-node">
            <div className="file-row" style={{ paddingLeft: `${depth * 1.25 + 0.5}rem` }}>
              <Checkbox node={node} props={props} />
              <Icon name={node.index === null ? 'folder' : 'file'} size={14} />
              <span className="file-name" title={node.name}>
                {node.name}
              </span>
              {fraction !== null && (
                <span className="file-progress">
                  <ProgressBar value={fraction} label={`Progress of ${node.name}`} tone={fraction >= 1 ? 'done' : 'active'} />
                  <span className="progress-text">{percent(fraction)}</span>
                </span>
              )}
              <span className="file-size">{bytes(node.length)}</span>
              {props.streamUrl && node.index !== null && (
                <a className="icon-button" href={props.streamUrl(node.index, node.name)} target="_blank" rel="noopener" aria-label={`Stream ${node.name}`} title="Stream (plays as it downloads)">
                  <Icon name="play" size={14} />
                </a>
              )}
            </div>
            {node.children.length > 0 && (
              <ul className="file-children">
                <Rows nodes={node.children} depth={depth + 1} props={props} />
              </ul>
            )}
          </li>
        );
      })}
    </>
  );
}

export function FileTree(props: FileTreeProps) {
  return (
    <ul className="file-tree" aria-label="Files">
      <Rows nodes={props.nodes} depth={0} props={props} />
    </ul>
  );
}
