// @ctrl/transmission (7.4.0, the client Flood-era tools and scripts use) against a Transmission RPC, one
// step a run so that the test can look at the disk between steps. Prints one line a step; exits non-zero
// on the first failure. Arguments: the server's base URL, the step, then the step's own:
//   add MAGNET HASH DIR   list, add the magnet link into DIR, list until it is complete and seeding;
//                         prints "complete <path of its content>"
//   cycle HASH            pause, resume, verify, each until the torrent shows it
//   remove HASH           remove with its data, list until it is gone
//   answers HASH DIR      one line "<call> <JSON answer>" for each call the library makes, for the
//                         differential check against transmission-daemon
import { Transmission } from '@ctrl/transmission';
import { until } from './until.mjs';

const [baseUrl, step, ...args] = process.argv.slice(2);
const client = new Transmission({ baseUrl, timeout: 30000 });

const torrent = async (hash) => (await client.getAllData()).torrents.find((t) => t.id === hash);

async function add(magnet, hash, dir) {
  console.log('listed ' + (await client.getAllData()).torrents.length);
  const added = await client.addMagnet(magnet, { 'download-dir': dir });
  console.log('added ' + added.arguments['torrent-added'].hashString);
  const done = await until('complete', async () => {
    const t = await torrent(hash);
    return t && t.isCompleted && t.progress === 1 && t.state === 'seeding' ? t : null;
  });
  console.log('complete ' + done.savePath + '/' + done.name);
}

async function cycle(hash) {
  await client.pauseTorrent(hash);
  console.log('paused ' + (await until('paused', async () => {
    const t = await torrent(hash);
    return t.state === 'paused' ? t.state : null;
  })));
  await client.resumeTorrent(hash);
  // A resumed torrent checks what it has on disk first; it runs once that is done.
  console.log('resumed ' + (await until('running', async () => {
    const t = await torrent(hash);
    return t.state === 'paused' || t.state === 'checking' ? null : t.state;
  })));
  await client.verifyTorrent(hash);
  console.log('verified ' + (await until('seeding again', async () => {
    const t = await torrent(hash);
    return t.state === 'seeding' && t.progress === 1 ? t.state : null;
  })));
}

async function remove(hash) {
  await client.removeTorrent(hash, true);
  await until('removed', async () => !(await torrent(hash)));
  console.log('removed ' + (await client.getAllData()).torrents.length);
}

async function answers(hash, dir) {
  const calls = {
    'session-get': () => client.getSession(),
    'session-stats': async () => (await client.request('session-stats'))._data,
    'torrent-get': () => client.listTorrents(),
    'torrent-get-one': () => client.listTorrents(hash),
    'free-space': () => client.freeSpace(dir),
    'torrent-set': () => client.setTorrent(hash, { seedRatioLimit: 2, seedRatioMode: 1 }),
    'torrent-stop': () => client.pauseTorrent(hash),
    'torrent-start': () => client.resumeTorrent(hash),
  };
  for (const [call, run] of Object.entries(calls)) {
    console.log(call + ' ' + JSON.stringify(await run()));
  }
}

const steps = { add, cycle, remove, answers };
if (!steps[step]) {
  throw new Error('no step ' + step + ': one of ' + Object.keys(steps).join(', '));
}
await steps[step](...args);
