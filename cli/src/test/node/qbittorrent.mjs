// @ctrl/qbittorrent (8.3.0, as Flood-era tools use it) through a whole cycle against mim's qBittorrent
// Web API: log in, add a magnet link with a category (a multipart form), list until complete, pause,
// resume, and remove with the files. Prints one line a step; exits non-zero on the first failure.
// Arguments: the API's base URL, the magnet link, its info-hash, the category.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { QBittorrent } from '@ctrl/qbittorrent';
import { until } from './until.mjs';

const [baseUrl, magnet, hash, category] = process.argv.slice(2);
const client = new QBittorrent({ baseUrl, username: 'qbt', password: 'secret', timeout: 30000 });

const row = async () => (await client.listTorrents({ category })).find((t) => t.hash === hash);

await client.login();
console.log('logged in');
await client.addMagnet(magnet, { category });
console.log('added');
const done = await until('complete', async () => {
  const t = await row();
  return t && t.progress === 1 ? t : null;
});
console.log('complete ' + done.content_path + ' sha256 '
  + createHash('sha256').update(readFileSync(done.content_path)).digest('hex'));
await client.pauseTorrent(hash);
console.log('paused ' + (await until('stopped', async () => {
  const t = await row();
  return t.state.startsWith('stopped') ? t.state : null;
})));
await client.resumeTorrent(hash);
// A resumed torrent checks what it has on disk first; it runs once that is done.
console.log('resumed ' + (await until('running', async () => {
  const t = await row();
  return t.state.startsWith('stopped') || t.state.startsWith('checking') ? null : t.state;
})));
const all = await client.getAllData();
console.log('normalized ' + all.torrents.length + ' ' + all.torrents[0].id + ' ' + all.torrents[0].progress);
await client.removeTorrent(hash, true);
await until('removed', async () => (await client.listTorrents()).length === 0);
console.log('removed');
