// 汇审 — the little script the pages use: uploads (folder picker, drag and drop, progress), progress polling,
// filters that apply on change. Everything works from this server; no other file is loaded.
"use strict";

(function () {
  function $(id) { return document.getElementById(id); }

  // ---------------------------------------------------------------- uploads

  function readEntries(reader) {
    return new Promise(function (resolve, reject) { reader.readEntries(resolve, reject); });
  }

  async function walk(entry, out) {
    if (entry.isFile) {
      const file = await new Promise(function (resolve, reject) { entry.file(resolve, reject); });
      out.push({ file: file, path: entry.fullPath.replace(/^\/+/, "") });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await readEntries(reader);
        if (!batch.length) break;
        for (const e of batch) await walk(e, out);
      }
    }
  }

  // A single folder picked or dropped is the inbox itself: its own name is not part of the files' paths.
  function stripTop(items) {
    const tops = new Set(items.map(function (it) { return it.path.split("/")[0]; }));
    if (tops.size === 1 && items.every(function (it) { return it.path.indexOf("/") > 0; })) {
      items.forEach(function (it) { it.path = it.path.slice(it.path.indexOf("/") + 1); });
    }
    return items;
  }

  function stamp() {
    const d = new Date();
    const p = function (n) { return String(n).padStart(2, "0"); };
    return "" + d.getFullYear() + p(d.getMonth() + 1) + p(d.getDate()) + p(d.getHours()) + p(d.getMinutes()) + p(d.getSeconds());
  }

  function putFile(url, item, onProgress) {
    return new Promise(function (resolve) {
      const xhr = new XMLHttpRequest();
      xhr.open("PUT", url + (url.indexOf("?") < 0 ? "?" : "&") + "path=" + encodeURIComponent(item.path));
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.upload.onprogress = function (e) { onProgress(e.loaded); };
      xhr.onload = function () {
        let body = {};
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = { error: "服务器没有正常回应（" + xhr.status + "）" }; }
        resolve(xhr.status === 200 ? { ok: true, path: body.path } : { ok: false, error: body.error || ("上传失败（" + xhr.status + "）") });
      };
      xhr.onerror = function () { resolve({ ok: false, error: "网络中断，上传失败" }); };
      xhr.send(item.file);
    });
  }

  async function upload(drop, items) {
    let url = drop.dataset.upload;
    if (drop.dataset.stamp) url += "&stamp=" + stamp();
    if (drop.dataset.stripTop === "1") stripTop(items);
    const status = $("upload-status"), bar = $("upload-bar"), text = $("upload-text"), errors = $("upload-errors");
    const list = $("files"), start = $("start") || $("rerun");
    status.hidden = false;
    errors.textContent = "";
    const total = items.reduce(function (n, it) { return n + it.file.size; }, 0) || 1;
    let sent = 0, done = 0, failed = 0;
    bar.max = total;
    if (start) start.disabled = true;
    for (const item of items) {
      text.textContent = "正在上传 " + (done + 1) + " / " + items.length + "：" + item.path;
      const res = await putFile(url, item, function (loaded) { bar.value = sent + loaded; });
      sent += item.file.size;
      bar.value = sent;
      done += 1;
      if (res.ok) {
        const li = document.createElement("li");
        li.textContent = res.path;
        list.appendChild(li);
      } else {
        failed += 1;
        const li = document.createElement("li");
        li.textContent = item.path + "：" + res.error;
        errors.appendChild(li);
      }
    }
    text.textContent = "已上传 " + (done - failed) + " 个文件" + (failed ? "，" + failed + " 个未能上传（见下）" : "") + "。";
    const count = $("file-count");
    if (count) count.textContent = String(list.children.length);
    if (start) start.disabled = list.children.length === 0;
  }

  function setUpUploads() {
    const drop = $("drop");
    if (!drop) return;
    const fromInput = function (input) {
      input.addEventListener("change", function () {
        const items = Array.from(input.files).map(function (f) {
          return { file: f, path: f.webkitRelativePath || f.name };
        });
        input.value = "";
        if (items.length) upload(drop, items);
      });
    };
    if ($("pick-folder")) fromInput($("pick-folder"));
    if ($("pick-files")) fromInput($("pick-files"));
    drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    drop.addEventListener("drop", async function (e) {
      e.preventDefault();
      drop.classList.remove("over");
      const entries = Array.from(e.dataTransfer.items || []).map(function (it) {
        return it.webkitGetAsEntry ? it.webkitGetAsEntry() : null;
      });
      const items = [];
      if (entries.length && entries.every(Boolean)) {
        for (const entry of entries) await walk(entry, items);
        if (drop.dataset.stripTop === "1" && !(entries.length === 1 && entries[0].isDirectory)) {
          drop.dataset.stripTop = "0";  // several items dropped: they are the inbox's contents
          await upload(drop, items);
          drop.dataset.stripTop = "1";
          return;
        }
      } else {
        Array.from(e.dataTransfer.files).forEach(function (f) { items.push({ file: f, path: f.name }); });
      }
      if (items.length) upload(drop, items);
    });
  }

  // ---------------------------------------------------------------- progress

  function setUpProgress() {
    const box = document.querySelector("[data-progress]");
    if (!box) return;
    const url = box.dataset.progress;
    const full = box.id === "progress";
    async function tick() {
      let p;
      try {
        const r = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
        p = await r.json();
      } catch (err) {
        setTimeout(tick, 2000);
        return;
      }
      if (!p.active) { window.location.reload(); return; }
      if (full) {
        $("state").textContent = p.label;
        $("done").textContent = p.done;
        $("total").textContent = p.total || "…";
        $("errors").textContent = p.errors;
        $("current").textContent = p.current || "—";
        $("bar").max = p.total || 1;
        $("bar").value = p.done;
        const notices = $("notices");
        notices.textContent = "";
        (p.notices || []).forEach(function (n) { const li = document.createElement("li"); li.textContent = n; notices.appendChild(li); });
      }
      setTimeout(tick, 600);
    }
    setTimeout(tick, 400);
  }

  // ---------------------------------------------------------------- filters

  function setUpFilters() {
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (s) {
      s.addEventListener("change", function () { s.form.submit(); });
    });
  }

  // ---------------------------------------------------------------- who decides (kept in this browser)

  function setUpWho() {
    const who = $("who");
    if (!who) return;
    try { who.value = localStorage.getItem("huishen-who") || ""; } catch (err) { /* storage off: typed each time */ }
    const remember = function () {
      // the server sees it too (a cookie): batches are listed per 标注人 and created in their name
      document.cookie = "huishen_who=" + encodeURIComponent(who.value.trim()) + "; path=/; SameSite=Strict; max-age=31536000";
    };
    if (who.value.trim()) remember();
    who.addEventListener("change", function () {
      try { localStorage.setItem("huishen-who", who.value.trim()); } catch (err) { /* ignore */ }
      remember();
    });
    document.querySelectorAll("form.decide-form").forEach(function (form) {
      form.addEventListener("submit", function () {
        if (!who.value.trim()) return;
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = "who";
        input.value = who.value.trim();
        form.appendChild(input);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpWho();
    setUpUploads();
    setUpProgress();
    setUpFilters();
  });
})();
