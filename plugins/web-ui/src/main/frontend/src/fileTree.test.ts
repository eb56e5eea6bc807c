import type { TorrentFile } from './api';
import { buildTree, choiceOf, indexesUnder, toggle } from './fileTree';

const file = (path: string, length: number, padding = false): TorrentFile => ({
  name: path,
  components: path.split('/'),
  length,
  included: true,
  padding,
});

const files = [
  file('album/b.flac', 300),
  file('album/.pad/0', 12, true),
  file('album/a.flac', 200),
  file('album/art/cover.jpg', 50),
  file('album/readme.txt', 5),
];

describe('the file tree', () => {
  it('groups files under their folders, folders first, padding left out, sizes summed', () => {
    const [album] = buildTree(files);
    expect(album.name).toBe('album');
    expect(album.length).toBe(555);
    expect(album.children.map((c) => c.name)).toEqual(['art', 'a.flac', 'b.flac', 'readme.txt']);
    expect(album.children[0].length).toBe(50);
    expect(indexesUnder(album).sort()).toEqual([0, 2, 3, 4]);
  });

  it('chooses a whole folder from a mixed or empty choice, and clears a full one', () => {
    const [album] = buildTree(files);
    const art = album.children[0];
    let chosen = new Set([0, 2]);
    expect(choiceOf(album, chosen)).toBe('some');
    expect(choiceOf(art, chosen)).toBe('none');
    chosen = toggle(album, chosen);
    expect([...chosen].sort()).toEqual([0, 2, 3, 4]);
    expect(choiceOf(album, chosen)).toBe('all');
    chosen = toggle(album, chosen);
    expect(chosen.size).toBe(0);
    chosen = toggle(art, chosen);
    expect([...chosen]).toEqual([3]);
  });
});
