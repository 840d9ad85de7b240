// Co-hosting panel of the operator console: mode, review queue, waiting chat (click to have
// it answered next), products (pin, pitch now), the anchor's recognised speech and the
// console microphone. Loaded by index.html after its own script; uses its api(), fail(), $().
"use strict";
(function () {
  const css = `
  .modes button.on { background: #1f3b2d; border-color: var(--ok); }
  #cohost-review li, #cohost-queue li, #cohost-products li, #cohost-heard li { padding: 4px 0; border-bottom: 1px solid var(--line); list-style: none; }
  #cohost ul { margin: 0; padding: 0; max-height: 40vh; overflow-y: auto; }
  #cohost-review .row { display: flex; gap: 6px; align-items: center; margin-top: 4px; }
  #cohost-review input { flex: 1; min-width: 0; font: inherit; color: var(--text); background: var(--bg); border: 1px solid var(--line); border-radius: 5px; padding: 4px 6px; }
  #cohost-review .left { color: var(--warn); font-size: 11px; font-variant-numeric: tabular-nums; min-width: 34px; }
  #cohost-review .why { color: var(--bad); font-size: 11px; }
  #cohost-queue li { cursor: pointer; } #cohost-queue li:hover { background: var(--line); }
  #cohost-queue .paid { color: var(--warn); font-size: 11px; margin-right: 4px; }
  #cohost-queue .who, #cohost-heard .t { color: var(--dim); font-size: 11px; margin-right: 6px; }
  #cohost-products li { display: flex; gap: 6px; align-items: center; }
  #cohost-products li .name { flex: 1; } #cohost-products li.pinned .name { color: var(--ok); font-weight: 600; }
  #cohost-products button, #cohost-review button { padding: 3px 8px; }
  .kind.anchor { color: var(--ok); }
  .cols { display: grid; gap: 10px; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); }
  `;
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);

  const section = document.createElement("section");
  section.id = "cohost";
  section.className = "wide";
  section.innerHTML = `
    <h2>Co-host</h2>
    <div class="controls modes" style="margin-top:0">
      <button data-mode="auto" title="the AI speaks freely">Auto</button>
      <button data-mode="review" title="each AI line waits for approve, edit or reject">Review</button>
      <button data-mode="assist" title="the AI speaks when asked, or after a long quiet">Assist</button>
      <span class="spacer"></span>
      <span id="cohost-quiet" class="hint"></span>
      <button id="cohost-mic" hidden>Start microphone</button>
    </div>
    <div class="cols" style="margin-top:8px">
      <div><h2>Review <span id="cohost-review-n"></span></h2><ul id="cohost-review"></ul></div>
      <div><h2>Chat waiting (click: answer next)</h2><ul id="cohost-queue"></ul></div>
      <div><h2>Products</h2><ul id="cohost-products"></ul></div>
      <div><h2>Anchor heard</h2><ul id="cohost-heard"></ul><div id="cohost-anchor" class="hint"></div></div>
    </div>`;
  const say = document.getElementById("say-form").closest("section");
  say.after(section);
  const pill = document.createElement("span");
  pill.id = "anchor-speaking";
  pill.className = "pill ok";
  pill.textContent = "ANCHOR SPEAKING";
  pill.hidden = true;
  $("held").after(pill);

  let last = null;

  function post(path, body) {
    $("error").textContent = "";
    return api("POST", path, body).then((r) => { refresh(); return r; });
  }

  function refresh() {
    return api("GET", "/api/cohost").then(render).catch(() => {});
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function reviewItem(it) {
    const li = el("li");
    li.dataset.id = it.id;
    const head = el("div");
    head.append(el("span", "kind " + it.kind, it.kind), el("span", "left"));
    const box = el("input");
    box.type = "text"; box.value = it.text; box.maxLength = 500; box.setAttribute("aria-label", "line to approve or edit");
    const why = el("div", "why");
    const approve = el("button", "go approve", "Approve");
    const reject = el("button", "primary reject", "Reject");
    approve.title = "Enter in the box: approve (or send the edit)";
    const decide = () => {
      const text = box.value.trim();
      if (text && text !== it.text) {
        post("/api/review/" + it.id + "/edit", { text }).then(() => li.remove()).catch((e) => { why.textContent = e.message; });
      } else {
        post("/api/review/" + it.id + "/approve").then(() => li.remove()).catch(fail);
      }
    };
    approve.addEventListener("click", decide);
    box.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); decide(); } });
    box.addEventListener("input", () => { approve.textContent = box.value.trim() !== it.text ? "Send edit" : "Approve"; });
    reject.addEventListener("click", () => post("/api/review/" + it.id + "/reject").then(() => li.remove()).catch(fail));
    const row = el("div", "row");
    row.append(box, approve, reject);
    li.append(head, row, why);
    return li;
  }

  function renderReview(pending) {
    const ul = $("cohost-review");
    const want = new Set(pending.map((i) => i.id));
    for (const li of [...ul.children]) if (!want.has(li.dataset.id)) li.remove();
    for (const it of pending) {
      let li = ul.querySelector(`li[data-id="${it.id}"]`);
      if (!li) { li = reviewItem(it); ul.append(li); }
      li.querySelector(".left").textContent = Math.ceil(it.left_s) + " s";
    }
    $("cohost-review-n").textContent = pending.length ? "(" + pending.length + ")" : "";
  }

  function renderQueue(queue) {
    const ul = $("cohost-queue");
    ul.replaceChildren();
    for (const q of queue) {
      const li = el("li");
      li.dataset.index = q.index;
      li.title = "answer this next";
      if (q.paid) li.append(el("span", "paid", "¥" + q.value_cny));
      li.append(el("span", "who", (q.user || "viewer") + (q.asked > 1 ? " ×" + q.asked : "")), el("span", "text", q.text));
      li.addEventListener("click", () => post("/api/answer", { index: q.index }).catch(fail));
      ul.append(li);
    }
    if (!queue.length) ul.append(el("li", "hint", "nothing waiting"));
  }

  function renderProducts(products, pinned) {
    const ul = $("cohost-products");
    ul.replaceChildren();
    for (const p of products) {
      const li = el("li", p.id === pinned ? "pinned" : "");
      li.dataset.id = p.id;
      const pin = el("button", "pin", p.id === pinned ? "Unpin" : "Pin");
      pin.addEventListener("click", () => post("/api/pin", { product: p.id === pinned ? null : p.id }).catch(fail));
      const pitch = el("button", "pitch go", "Pitch now");
      pitch.addEventListener("click", () => post("/api/pitch", { product: p.id }).catch(fail));
      li.append(el("span", "name", p.name), pin, pitch);
      ul.append(li);
    }
  }

  function renderAnchor(a) {
    pill.hidden = !(a && a.speaking);
    const ul = $("cohost-heard");
    ul.replaceChildren();
    if (!a) { $("cohost-anchor").textContent = "no anchor microphone (--anchor-audio)"; return; }
    for (const h of [...a.heard].reverse()) {
      const li = el("li");
      li.append(el("span", "t", clock(h.start_s)), el("span", "text", h.text));
      ul.append(li);
    }
    const s = a.stats || {};
    const bits = [a.source, (s.turns || 0) + " turns", (s.yields || 0) + " yields"];
    if (s.yield_ms_p95 !== null && s.yield_ms_p95 !== undefined) bits.push("yield p95 " + s.yield_ms_p95 + " ms");
    if (s.error) bits.push(s.error);
    $("cohost-anchor").textContent = bits.join(" · ");
    $("cohost-mic").hidden = !a.console_mic;
  }

  function render(c) {
    if (!c || !c.mode) return;
    last = c;
    for (const b of section.querySelectorAll(".modes button[data-mode]")) b.classList.toggle("on", b.dataset.mode === c.mode);
    $("cohost-quiet").textContent = c.mode === "assist" ? "quiet " + Math.floor(c.quiet_s) + " s of " + c.assist_gap_s + " s" : "";
    renderReview(c.review.pending);
    renderQueue(c.queue || []);
    renderProducts(c.products || [], c.pinned);
    renderAnchor(c.anchor);
  }

  for (const b of section.querySelectorAll(".modes button[data-mode]")) {
    b.addEventListener("click", () => post("/api/mode", { mode: b.dataset.mode }).catch(fail));
  }

  // the console microphone: 16-bit PCM at the page's sample rate over a WebSocket
  let mic = null;
  async function micStart() {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    const ctx = new AudioContext();
    await ctx.resume();
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const sock = new WebSocket(proto + "//" + location.host + "/api/anchor/audio?rate=" + ctx.sampleRate + "&token=" + encodeURIComponent(token));
    sock.binaryType = "arraybuffer";
    const src = ctx.createMediaStreamSource(stream);
    const proc = ctx.createScriptProcessor(2048, 1, 1);
    proc.onaudioprocess = (e) => {
      if (sock.readyState !== WebSocket.OPEN) return;
      const f = e.inputBuffer.getChannelData(0), out = new Int16Array(f.length);
      for (let i = 0; i < f.length; i++) out[i] = Math.max(-1, Math.min(1, f[i])) * 32767;
      sock.send(out.buffer);
    };
    src.connect(proc);
    proc.connect(ctx.destination);  // a processor runs only when connected; its output stays silent
    sock.onclose = () => { if (mic) micStop(); };
    mic = { stream, ctx, sock, proc };
    $("cohost-mic").textContent = "Stop microphone";
  }
  function micStop() {
    const m = mic;
    mic = null;
    if (!m) return;
    m.proc.disconnect();
    m.stream.getTracks().forEach((t) => t.stop());
    m.ctx.close();
    if (m.sock.readyState <= WebSocket.OPEN) m.sock.close();
    $("cohost-mic").textContent = "Start microphone";
  }
  $("cohost-mic").addEventListener("click", () => {
    if (mic) micStop();
    else micStart().catch((e) => { $("error").textContent = "microphone: " + e.message; });
  });

  statusHooks.push((s) => render(s.cohost));
  window.vhostCohost = { refresh, last: () => last, mic: () => mic !== null };
})();
