// Starts the page: loads the WebAssembly module Trunk built, whose files the script element
// names (Trunk.toml's pattern_script). A file of its own, so that the page's CSP needs no
// inline script.
const el = document.querySelector('script[data-jixiao-js]');
try {
    const { default: init } = await import(el.dataset.jixiaoJs);
    await init({ module_or_path: el.dataset.jixiaoWasm });
} catch (e) {
    const p = document.createElement('p');
    p.className = 'boot-error';
    p.textContent = '本页未能启动（浏览器需支持 WebAssembly）。The page could not start (it needs WebAssembly): ' + e;
    document.body.append(p);
    throw e;
}
