// A latency probe in its own process (so its event loop is neither the server's nor the
// benchmark's): GETs `url` one request after another, `gap` ms apart, and records when each
// started (epoch ms, the clock every process shares) and how long it took. On "stop" from its
// parent (IPC) it sends the samples back and exits.
//
//   fork("bench/support/latency-probe.mjs", [url, gapMs]) → message { started, ms }[]

const [url, gapArgument = "10"] = process.argv.slice(2);
const gap = Number(gapArgument);
const samples = [];
let running = true;

process.on("message", (message) => {
  if (message === "stop") running = false;
});

const now = () => performance.timeOrigin + performance.now();
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

process.send?.("ready");
while (running) {
  const started = now();
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    samples.push({ started, ms: now() - started, status: response.status });
  } catch (error) {
    samples.push({ started, ms: now() - started, status: 0, error: String(error) });
  }
  await pause(gap);
}
process.send?.(samples, () => process.exit(0));
