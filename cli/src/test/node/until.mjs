// What the client scripts share: waiting for a condition a client reads, as the server gets there.

/** Calls test every 200 ms until it answers something truthy, which it returns; fails after 120 s. */
export async function until(what, test) {
  const deadline = Date.now() + 120000;
  for (;;) {
    const seen = await test();
    if (seen) {
      return seen;
    }
    if (Date.now() > deadline) {
      throw new Error('not within 120 s: ' + what);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
