// The page's reading worker: reads long texts away from the page (src/app/reader.rs asks,
// src/worker.rs reads), so the page keeps answering. A message { id, text, profile } is
// answered with { id, parsed, read } (each a report's JSON as bytes, handed over without a
// copy) or { id, error }.
import init, { read } from './jixiao_worker.js';

const ready = init({ module_or_path: new URL('jixiao_worker_bg.wasm', import.meta.url) });

self.onmessage = async ({ data: { id, text, profile } }) => {
    try {
        await ready;
        const [parsed, checked] = read(text, profile);
        self.postMessage({ id, parsed, read: checked }, [parsed.buffer, checked.buffer]);
    } catch (e) {
        self.postMessage({ id, error: String(e) });
    }
};
