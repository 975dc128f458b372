/* tip-assistant workshop page: ask with citations, source view, who-does-what matrix, compare.
   Plain JS, no build step, no outside resources. Every text from the API goes into the page as a
   text node (never through innerHTML), so "<", "&" and quotes in the documents show as written. */
(function () {
  "use strict";

  // ---------------------------------------------------------------- strings (vi + en) ----
  const STRINGS = {
    vi: {
      "app.title": "Trợ lý kế hoạch phòng, chống mua bán người",
      "app.subtitle": "Câu trả lời kèm đoạn văn bản gốc",
      "app.skip": "Bỏ qua đến nội dung",
      "nav.label": "Các màn hình",
      "tab.ask": "Hỏi đáp",
      "tab.matrix": "Ai làm gì",
      "tab.compare": "So sánh",
      "toggle.large": "Chữ lớn",
      "toggle.largeTitle": "Phóng to chữ để chiếu lên màn hình",
      "toggle.lang": "English",
      "toggle.langTitle": "Switch the interface to English",
      "key.title": "Máy chủ yêu cầu khóa API",
      "key.label": "Khóa API",
      "key.save": "Lưu và thử lại",
      "key.hint": "Khóa được gửi trong tiêu đề X-API-Key và lưu trên trình duyệt này.",
      "key.invalid": "Khóa không hợp lệ. Kiểm tra lại hoặc hỏi người quản trị máy chủ.",
      "ask.label": "Câu hỏi (tiếng Việt có dấu, không dấu, hoặc tiếng Anh)",
      "ask.placeholder": "Ví dụ: Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?",
      "ask.submit": "Hỏi",
      "ask.examples": "Câu hỏi mẫu:",
      "filter.jurisdiction": "Địa bàn",
      "filter.all": "Tất cả",
      "filter.national": "Toàn quốc",
      "filter.docs": "Văn bản",
      "filter.docsAll": "tất cả",
      "filter.docsN": "{n} văn bản",
      "filter.clear": "Bỏ chọn tất cả",
      "answer.question": "Câu hỏi",
      "answer.heading": "Câu trả lời",
      "answer.abstained": "Không có câu trả lời có căn cứ",
      "answer.seeAlso": "Các mục có thể liên quan",
      "answer.citations": "Nguồn trích dẫn",
      "answer.openCitation": "Mở nguồn [{n}]",
      "answer.timing": "Thời gian trả lời: {ms} ms",
      "answer.filtered": "Chỉ trong: {what}",
      "answer.understood": "Hiểu câu hỏi là",
      "answer.understoodPlace": "địa bàn: {v}",
      "answer.understoodDocs": "văn bản: {v}",
      "answer.threadExpired": "Cuộc hỏi đáp trước đã hết hạn; câu này được hiểu như một câu hỏi mới.",
      "thread.new": "Cuộc hỏi đáp mới",
      "thread.newTitle": "Bắt đầu lại: câu hỏi sau không nối tiếp các câu trước",
      "thread.count": "Cuộc hỏi đáp: {n} câu hỏi",
      "thread.hint": "Có thể hỏi tiếp ngắn gọn: «còn Kiên Giang?», «ai phối hợp?», «nguồn đâu?»",
      "thread.earlier": "Trước đó trong cuộc hỏi đáp",
      "ask.placeholderFollow": "Hỏi tiếp, ví dụ: còn Kiên Giang? · ai phối hợp? · nguồn đâu?",
      "feedback.prompt": "Câu trả lời có đúng không?",
      "feedback.up": "Đúng, hữu ích",
      "feedback.down": "Chưa đúng",
      "feedback.comment": "Điều gì sai hoặc thiếu? (không bắt buộc)",
      "feedback.send": "Gửi góp ý",
      "feedback.thanks": "Cảm ơn, góp ý đã được ghi nhận.",
      "feedback.recordedDown": "Đã ghi nhận câu trả lời chưa đúng. Bạn có thể thêm ghi chú (không bắt buộc).",
      "feedback.commentThanks": "Cảm ơn, ghi chú đã được gửi.",
      "landing.title": "Văn bản đã nạp",
      "landing.count": "{docs} văn bản, {places} địa bàn",
      "landing.noDate": "không ghi ngày",
      "landing.matrix": "Ai làm gì",
      "landing.empty": "Chưa có văn bản nào trong chỉ mục. Chạy `tip ingest`.",
      "source.title": "Đoạn văn bản gốc",
      "source.close": "Đóng",
      "source.prev": "← Mục trước",
      "source.next": "Mục sau →",
      "source.parent": "↑ Mục cha",
      "source.children": "Các mục con",
      "source.assignments": "Phân công trong mục này",
      "source.section": "Mục {label}",
      "source.quoteMissing": "Không tìm thấy nguyên văn đoạn trích trong mục này; dưới đây là toàn văn mục.",
      "source.breadcrumb": "Vị trí trong văn bản",
      "role.lead": "Chủ trì",
      "role.coord": "Phối hợp",
      "role.leadCsv": "chủ trì",
      "role.coordCsv": "phối hợp",
      "matrix.scope": "Kế hoạch hoặc địa bàn",
      "matrix.pick": "— Chọn kế hoạch —",
      "matrix.docs": "Theo văn bản",
      "matrix.places": "Theo địa bàn",
      "matrix.agencyFilter": "Lọc cơ quan",
      "matrix.agencyPlaceholder": "ví dụ: Công an",
      "matrix.csv": "Xuất CSV (Excel)",
      "matrix.print": "In (A4 ngang)",
      "matrix.task": "Nhiệm vụ",
      "matrix.section": "Mục",
      "matrix.document": "Văn bản",
      "matrix.empty": "Không có phân công nhiệm vụ nào được trích ra từ lựa chọn này.",
      "matrix.noAgency": "Không có cơ quan nào khớp với bộ lọc.",
      "matrix.hint": "Bấm vào một ô để xem đoạn văn bản giao nhiệm vụ.",
      "matrix.count": "{tasks} nhiệm vụ × {agencies} cơ quan",
      "matrix.choose": "Chọn một kế hoạch (hoặc một địa bàn) để xem bảng phân công.",
      "matrix.cellLabel": "{agency} — {role}: {task}",
      "matrix.title": "Ai làm gì: {what}",
      "matrix.transpose": "Cơ quan theo hàng",
      "matrix.transposeTitle": "Đảo bảng: mỗi cơ quan một hàng, tên nhiệm vụ viết ngang",
      "matrix.agency": "Cơ quan",
      "compare.question": "Nhiệm vụ hoặc câu hỏi cần so sánh",
      "compare.placeholder": "Ví dụ: Cơ quan nào chủ trì hỗ trợ nạn nhân?",
      "compare.submit": "So sánh",
      "compare.plans": "Các kế hoạch (chọn từ hai trở lên)",
      "compare.needTwo": "Hãy chọn ít nhất hai kế hoạch để so sánh.",
      "compare.cited": "Đoạn được trích",
      "compare.openFull": "Xem cả mục",
      "compare.abstained": "Kế hoạch này không có đoạn trả lời câu hỏi.",
      "status.loading": "Đang tải…",
      "status.asking": "Đang tìm câu trả lời…",
      "status.notReady": "Chỉ mục chưa sẵn sàng ({msg}). Đang thử lại…",
      "error.generic": "Lỗi: {msg}",
      "error.network": "Không kết nối được với máy chủ.",
      "error.rate": "Quá nhiều yêu cầu. Thử lại sau {s} giây.",
      "error.request": "Mã yêu cầu: {id}",
      "doc.plan": "Kế hoạch",
      "doc.law": "Luật",
      "doc.decree": "Nghị định",
      "doc.convention": "Công ước",
      "doc.other": "Văn bản",
    },
    en: {
      "app.title": "Counter-trafficking plan assistant",
      "app.subtitle": "Answers with the source paragraph",
      "app.skip": "Skip to content",
      "nav.label": "Views",
      "tab.ask": "Ask",
      "tab.matrix": "Who does what",
      "tab.compare": "Compare",
      "toggle.large": "Large type",
      "toggle.largeTitle": "Enlarge the text for a projector",
      "toggle.lang": "Tiếng Việt",
      "toggle.langTitle": "Chuyển giao diện sang tiếng Việt",
      "key.title": "The server needs an API key",
      "key.label": "API key",
      "key.save": "Save and retry",
      "key.hint": "The key is sent in the X-API-Key header and kept in this browser.",
      "key.invalid": "The key is not valid. Check it, or ask the server's operator.",
      "ask.label": "Question (Vietnamese with or without diacritics, or English)",
      "ask.placeholder": "e.g. Who leads victim support in Kon Tum?",
      "ask.submit": "Ask",
      "ask.examples": "Examples:",
      "filter.jurisdiction": "Jurisdiction",
      "filter.all": "All",
      "filter.national": "National",
      "filter.docs": "Documents",
      "filter.docsAll": "all",
      "filter.docsN": "{n} selected",
      "filter.clear": "Clear the selection",
      "answer.question": "Question",
      "answer.heading": "Answer",
      "answer.abstained": "No answer with a source",
      "answer.seeAlso": "Sections that may be related",
      "answer.citations": "Sources",
      "answer.openCitation": "Open source [{n}]",
      "answer.timing": "Answered in {ms} ms",
      "answer.filtered": "Only in: {what}",
      "answer.understood": "Understood as",
      "answer.understoodPlace": "place: {v}",
      "answer.understoodDocs": "documents: {v}",
      "answer.threadExpired": "The earlier thread had expired; this message was read as a new question.",
      "thread.new": "New thread",
      "thread.newTitle": "Start again: the next question does not follow up on the earlier ones",
      "thread.count": "Thread: {n} questions",
      "thread.hint": "Follow up briefly: “what about Kien Giang?”, “and who coordinates?”, “source?”",
      "thread.earlier": "Earlier in this thread",
      "ask.placeholderFollow": "Follow up, e.g. what about Kien Giang? · and who coordinates? · source?",
      "feedback.prompt": "Is this answer right?",
      "feedback.up": "Right, useful",
      "feedback.down": "Not right",
      "feedback.comment": "What was wrong or missing? (optional)",
      "feedback.send": "Send feedback",
      "feedback.thanks": "Thank you, your feedback was recorded.",
      "feedback.recordedDown": "Recorded as not right. You may add a comment (optional).",
      "feedback.commentThanks": "Thank you, your comment was sent.",
      "landing.title": "Documents loaded",
      "landing.count": "{docs} documents, {places} jurisdictions",
      "landing.noDate": "no date given",
      "landing.matrix": "Who does what",
      "landing.empty": "The index holds no documents yet. Run `tip ingest`.",
      "source.title": "Source paragraph",
      "source.close": "Close",
      "source.prev": "← Previous",
      "source.next": "Next →",
      "source.parent": "↑ Parent",
      "source.children": "Subsections",
      "source.assignments": "Assignments in this section",
      "source.section": "Section {label}",
      "source.quoteMissing": "The quoted words were not found verbatim in this section; its full text is below.",
      "source.breadcrumb": "Place in the document",
      "role.lead": "Lead",
      "role.coord": "Coordinate",
      "role.leadCsv": "lead",
      "role.coordCsv": "coordinate",
      "matrix.scope": "Plan or jurisdiction",
      "matrix.pick": "— Choose a plan —",
      "matrix.docs": "By document",
      "matrix.places": "By jurisdiction",
      "matrix.agencyFilter": "Filter agencies",
      "matrix.agencyPlaceholder": "e.g. Công an",
      "matrix.csv": "Export CSV (Excel)",
      "matrix.print": "Print (A4 landscape)",
      "matrix.task": "Task",
      "matrix.section": "Section",
      "matrix.document": "Document",
      "matrix.empty": "No task assignments were extracted for this choice.",
      "matrix.noAgency": "No agency matches the filter.",
      "matrix.hint": "Click a cell to see the paragraph that assigns the task.",
      "matrix.count": "{tasks} tasks × {agencies} agencies",
      "matrix.choose": "Choose a plan (or a jurisdiction) to see who leads and who coordinates each task.",
      "matrix.cellLabel": "{agency} — {role}: {task}",
      "matrix.title": "Who does what: {what}",
      "matrix.transpose": "Agencies as rows",
      "matrix.transposeTitle": "Transpose: one row per agency, task names written horizontally",
      "matrix.agency": "Agency",
      "compare.question": "Task or question to compare",
      "compare.placeholder": "e.g. Who leads victim support?",
      "compare.submit": "Compare",
      "compare.plans": "Plans (choose two or more)",
      "compare.needTwo": "Choose at least two plans to compare.",
      "compare.cited": "Cited paragraph",
      "compare.openFull": "Open the whole section",
      "compare.abstained": "This plan has no paragraph that answers the question.",
      "status.loading": "Loading…",
      "status.asking": "Looking for the answer…",
      "status.notReady": "The index is not ready ({msg}). Retrying…",
      "error.generic": "Error: {msg}",
      "error.network": "Cannot reach the server.",
      "error.rate": "Too many requests. Retry in {s} s.",
      "error.request": "Request id: {id}",
      "doc.plan": "Plan",
      "doc.law": "Law",
      "doc.decree": "Decree",
      "doc.convention": "Convention",
      "doc.other": "Document",
    },
  };

  const EXAMPLES = {
    vi: [
      "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?",
      "Kinh phí thực hiện kế hoạch lấy từ đâu?",
      "kien giang ai chu tri tuyen truyen",
      "Who leads victim support in Dong Nai?",
    ],
    en: [
      "Who leads victim support in Kon Tum?",
      "What is the budget source for the plan?",
      "kien giang ai chu tri tuyen truyen",
      "Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai?",
    ],
  };
  const COMPARE_EXAMPLES = {
    vi: [
      "Cơ quan nào chủ trì hỗ trợ nạn nhân bị mua bán?",
      "Cơ quan nào chủ trì công tác tuyên truyền?",
      "Kinh phí thực hiện kế hoạch lấy từ đâu?",
    ],
    en: [
      "Who leads support for trafficking victims?",
      "Who leads communication about trafficking?",
      "What is the budget source for the plan?",
    ],
  };

  const STORE = { lang: "tip.lang", large: "tip.large", key: "tip.apiKey", transposed: "tip.matrixByAgency" };

  // ---------------------------------------------------------------- state ----
  const state = {
    lang: "vi",
    docs: [],
    docsLoaded: false,
    ask: null, // the turn shown: {key, result, docIds, jurisdiction} | {key, error}
    thread: { id: null, turns: [] }, // the conversation: follow-ups are completed from its last answer
    matrix: null, // {scope, records}
    compare: null, // {question, columns: [{doc, result|error|pending}]}
    transposed: false, // the matrix with agencies as rows
    source: null, // {sectionId, quote, data}
    csv: null, // {text, url, name}
    askSeq: 0,
    compareSeq: 0,
  };

  // ---------------------------------------------------------------- helpers ----
  function t(key, vars) {
    let s = (STRINGS[state.lang] && STRINGS[state.lang][key]) ?? STRINGS.vi[key] ?? key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
    return s;
  }

  /** Build a DOM element; children that are not nodes become text nodes (so they are never parsed). */
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "dataset") Object.assign(el.dataset, v);
      else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid == null || kid === false) continue;
      el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return el;
  }

  // ---------------------------------------------------------------- icons ----
  /* Inline SVG (outlines from Feather icons, MIT): emoji need a colour-emoji font, and machines without
     one (Debian's Chromium among them) show blank boxes. */
  const SVG_NS = "http://www.w3.org/2000/svg";
  const ICONS = {
    up: ["M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3"],
    down: ["M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17"],
    alert: ["M10.29 3.86L1.82 18a2 2 0 0 0 1.71 3h16.94a2 2 0 0 0 1.71-3L13.71 3.86a2 2 0 0 0-3.42 0z", "M12 9v4", "M12 17h.01"],
    spinner: ["M21 12a9 9 0 1 1-6.22-8.56"],
    plus: ["M12 5v14", "M5 12h14"],
  };

  function icon(name) {
    const svg = document.createElementNS(SVG_NS, "svg");
    for (const [k, v] of Object.entries({ viewBox: "0 0 24 24", class: "icon icon-" + name, "aria-hidden": "true", focusable: "false" })) {
      svg.setAttribute(k, v);
    }
    for (const d of ICONS[name]) {
      const path = document.createElementNS(SVG_NS, "path");
      path.setAttribute("d", d);
      svg.append(path);
    }
    return svg;
  }

  function loading(text) {
    return h("p", { class: "loading" }, icon("spinner"), " ", text);
  }

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  function storeGet(key) {
    try {
      return localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }
  function storeSet(key, value) {
    try {
      if (value == null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch (e) {
      /* private mode: settings last for this page only */
    }
  }

  class ApiError extends Error {
    constructor(status, code, message, requestId) {
      super(message);
      this.status = status;
      this.code = code;
      this.requestId = requestId;
    }
  }

  /** fetch + JSON + the API's error shape; 401 opens the key banner. */
  async function api(path, opts) {
    const { method = "GET", body, signal } = opts || {};
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const key = storeGet(STORE.key);
    if (key) headers["X-API-Key"] = key;
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (e) {
      if (e && e.name === "AbortError") throw e;
      throw new ApiError(0, "network", t("error.network"));
    }
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    if (res.ok) return data;
    const err = (data && data.error) || {};
    let message = err.message || res.statusText || String(res.status);
    if (res.status === 401) showKeyBanner(err.code === "invalid_api_key" || !!key);
    if (res.status === 429) message = t("error.rate", { s: res.headers.get("Retry-After") || "?" });
    throw new ApiError(res.status, err.code || "http_" + res.status, message, err.request_id || res.headers.get("X-Request-ID"));
  }

  const sectionUrl = (id) => "/v1/sections/" + encodeURIComponent(id);

  function errorBox(err) {
    const msg = err instanceof ApiError || (err && err.message) ? err.message : String(err);
    return h(
      "div",
      { class: "error-box", role: "alert" },
      h("p", {}, t("error.generic", { msg })),
      err && err.requestId ? h("p", { class: "hint" }, t("error.request", { id: err.requestId })) : null
    );
  }

  function setStatus(text, kind) {
    const el = $("#status");
    if (!text) {
      el.hidden = true;
      el.textContent = "";
      return;
    }
    el.hidden = false;
    el.className = "status " + (kind || "");
    el.textContent = text;
  }

  // ---------------------------------------------------------------- documents ----
  function jurisdictionLabel(doc) {
    return doc.jurisdiction === "national" ? t("filter.national") : doc.jurisdiction_name;
  }

  /** The same short label the API gives citations (DocumentMeta.short_name). */
  function shortName(doc) {
    if (doc.number) return doc.number;
    const kind = t("doc." + (["plan", "law", "decree", "convention"].includes(doc.doc_type) ? doc.doc_type : "other"));
    const place = doc.jurisdiction === "national" ? "" : " " + doc.jurisdiction_name;
    const year = doc.issued ? Number(String(doc.issued).slice(0, 4)) : doc.year;
    return kind + place + (year ? " " + year : "");
  }

  function clip(s, n) {
    s = String(s || "");
    return s.length > n ? s.slice(0, n - 1).trimEnd() + "…" : s;
  }

  function docLabel(doc) {
    return jurisdictionLabel(doc) + ": " + shortName(doc);
  }

  function docById(id) {
    return state.docs.find((d) => d.doc_id === id);
  }

  function jurisdictions() {
    const seen = new Map();
    for (const d of state.docs) if (!seen.has(d.jurisdiction_name)) seen.set(d.jurisdiction_name, d);
    return Array.from(seen.values());
  }

  const isPlan = (d) => d.doc_type === "plan" || d.doc_type === "decision_and_plan";

  async function loadDocuments() {
    try {
      const data = await api("/v1/documents");
      const docs = data.documents || [];
      docs.sort(
        (a, b) =>
          (a.jurisdiction === "national") - (b.jurisdiction === "national") ||
          a.jurisdiction_name.localeCompare(b.jurisdiction_name, "vi") ||
          a.title.localeCompare(b.title, "vi")
      );
      state.docs = docs;
      state.docsLoaded = true;
      setStatus(null);
      buildFilters();
      buildMatrixScope();
      buildComparePlans();
      renderLanding();
      return true;
    } catch (err) {
      if (err.status === 503) {
        setStatus(t("status.notReady", { msg: err.message }), "warn");
        setTimeout(() => loadDocuments().then((ok) => ok && route()), 5000);
      } else if (err.status !== 401) {
        setStatus(t("error.generic", { msg: err.message }), "error");
      }
      return false;
    }
  }

  // ---------------------------------------------------------------- filters (ask) ----
  function buildFilters() {
    const sel = $("#filter-jurisdiction");
    const current = sel.value;
    sel.replaceChildren(h("option", { value: "" }, t("filter.all")));
    for (const d of jurisdictions()) sel.append(h("option", { value: d.jurisdiction_name }, jurisdictionLabel(d)));
    sel.value = current;
    const list = $("#filter-docs-list");
    const checked = new Set(selectedDocs());
    list.replaceChildren();
    const jur = sel.value;
    for (const d of state.docs) {
      if (jur && d.jurisdiction_name !== jur) continue;
      list.append(
        h(
          "label",
          { title: d.title },
          h("input", { type: "checkbox", value: d.doc_id, checked: checked.has(d.doc_id), onchange: updateDocsSummary }),
          h("span", {}, h("b", {}, docLabel(d)), " ", h("small", {}, clip(d.title, 90)))
        )
      );
    }
    updateDocsSummary();
  }

  function selectedDocs() {
    return $$("#filter-docs-list input:checked").map((i) => i.value);
  }

  function updateDocsSummary() {
    const n = selectedDocs().length;
    $("#filter-docs-summary").textContent = n ? t("filter.docsN", { n }) : t("filter.docsAll");
  }

  function setFilters(docs, jurisdiction) {
    $("#filter-jurisdiction").value = jurisdiction || "";
    buildFilters();
    const want = new Set(docs || []);
    for (const box of $$("#filter-docs-list input")) box.checked = want.has(box.value);
    updateDocsSummary();
  }

  // ---------------------------------------------------------------- quote highlighting ----
  const DASHES = /[\u2010-\u2015\u2212]/;
  const QUOTES = /[\u201c\u201d\u201e\u00ab\u00bb]/;

  /** Text folded for matching (whitespace runs → one space, dashes and quotes unified, lower case),
      with the index in the original text of every folded character. */
  function foldWithMap(text) {
    let out = "";
    const map = [];
    let space = false;
    for (let i = 0; i < text.length; i++) {
      let c = text[i];
      if (/\s/.test(c)) {
        if (!space && out.length) {
          out += " ";
          map.push(i);
        }
        space = true;
        continue;
      }
      space = false;
      if (DASHES.test(c)) c = "-";
      else if (QUOTES.test(c)) c = '"';
      else {
        const lower = c.toLowerCase();
        if (lower.length === 1) c = lower;
      }
      out += c;
      map.push(i);
    }
    return { out, map };
  }

  /** Where the quote lies in the text: a list of [start, end) ranges (empty if not found).
      Tries the exact span, then a whitespace/case/dash-insensitive match, then the pieces of a
      quote shortened with "…". */
  function findQuote(text, quote) {
    if (!text || !quote) return [];
    const exact = text.indexOf(quote);
    if (exact >= 0) return [[exact, exact + quote.length]];
    const ft = foldWithMap(text);
    const fq = foldWithMap(quote).out.trim();
    const tryPiece = (piece, from) => {
      const i = ft.out.indexOf(piece, from);
      if (i < 0) return null;
      const end = i + piece.length - 1;
      return [ft.map[i], ft.map[end] + 1, end + 1];
    };
    const whole = tryPiece(fq.replace(/[…]+$/, "").trim(), 0);
    if (whole && fq.replace(/[…]+$/, "").trim().length) return [[whole[0], whole[1]]];
    const ranges = [];
    let from = 0;
    for (const raw of fq.split(/…|\.\.\./)) {
      const piece = raw.trim();
      if (piece.length < 6) continue;
      const hit = tryPiece(piece, from);
      if (hit) {
        ranges.push([hit[0], hit[1]]);
        from = hit[2];
      }
    }
    return ranges;
  }

  /** The text with the ranges wrapped in <mark>, as a fragment of text nodes. */
  function highlighted(text, ranges) {
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const [s, e] of ranges) {
      if (s < at) continue;
      if (s > at) frag.append(document.createTextNode(text.slice(at, s)));
      frag.append(h("mark", {}, text.slice(s, e)));
      at = e;
    }
    if (at < text.length) frag.append(document.createTextNode(text.slice(at)));
    return frag;
  }

  // ---------------------------------------------------------------- answers ----
  /** The answer text, with its [n] markers as buttons that open citation n. */
  function answerText(text, citations) {
    const p = h("div", { class: "answer-text" });
    const parts = String(text).split(/(\[\d+\])/);
    for (const part of parts) {
      const m = /^\[(\d+)\]$/.exec(part);
      const c = m && citations[Number(m[1]) - 1];
      if (c) {
        p.append(
          h(
            "button",
            {
              type: "button",
              class: "cite-ref",
              title: t("answer.openCitation", { n: m[1] }),
              "aria-label": t("answer.openCitation", { n: m[1] }),
              onclick: () => openSource(c.section_id, c.quote),
            },
            m[1]
          )
        );
      } else if (part) p.append(document.createTextNode(part));
    }
    return p;
  }

  /** "78/KH-UBND · Kiên Giang", or only "Kế hoạch Kon Tum" when the short name already says where. */
  function citedDoc(c) {
    const name = c.doc_short_name || c.doc_title;
    return name.includes(c.jurisdiction) ? name : name + " · " + c.jurisdiction;
  }

  function citationList(citations, cls) {
    return h(
      "ol",
      { class: "citations " + (cls || "") },
      citations.map((c, i) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: "citation",
              dataset: { section: c.section_id },
              onclick: () => openSource(c.section_id, c.quote),
            },
            h("span", { class: "num", "aria-hidden": "true" }, String(i + 1)),
            h(
              "span",
              { class: "cite-body" },
              h("span", { class: "cite-doc" }, citedDoc(c)),
              h("span", { class: "cite-path" }, c.heading_path),
              h("q", { class: "cite-quote" }, c.quote)
            )
          )
        )
      )
    );
  }

  /** Thumbs up / down as icons. A "down" is recorded at once; a comment is optional and sent as a second note. */
  function feedbackBox(answerId) {
    const box = h("div", { class: "feedback no-print" });
    const status = h("p", { class: "feedback-status", role: "status" });
    const post = (rating, comment) =>
      api("/v1/feedback", { method: "POST", body: { answer_id: answerId, rating, comment: comment || null } });
    const showError = (err) => {
      status.textContent = t("error.generic", { msg: err.message });
      status.className = "feedback-status error";
    };
    const rate = async (rating) => {
      for (const b of $$("button", box)) b.disabled = true;
      try {
        await post(rating);
      } catch (err) {
        for (const b of $$("button", box)) b.disabled = false;
        return showError(err);
      }
      box.dataset.rated = rating;
      for (const b of $$("button[data-rating]", box)) b.setAttribute("aria-pressed", String(b.dataset.rating === rating));
      status.textContent = rating === "down" ? t("feedback.recordedDown") : t("feedback.thanks");
      status.className = "feedback-status ok";
      if (rating === "down") showComment();
    };
    const showComment = () => {
      const area = h("textarea", { rows: "2", maxlength: "2000", "aria-label": t("feedback.comment"), placeholder: t("feedback.comment") });
      const send = h("button", { type: "submit", class: "feedback-send" }, t("feedback.send"));
      const form = h(
        "form",
        {
          class: "feedback-form",
          onsubmit: async (ev) => {
            ev.preventDefault();
            const comment = area.value.trim();
            if (!comment) return area.focus();
            send.disabled = area.disabled = true;
            try {
              await post("down", comment);
            } catch (err) {
              send.disabled = area.disabled = false;
              return showError(err);
            }
            form.remove();
            status.textContent = t("feedback.commentThanks");
            status.className = "feedback-status ok";
          },
        },
        area,
        send
      );
      box.append(form);
      area.focus();
    };
    const button = (rating, cls, label) =>
      h("button", { type: "button", class: cls, dataset: { rating }, title: label, "aria-label": label, "aria-pressed": "false", onclick: () => rate(rating) }, icon(rating));
    box.append(h("span", {}, t("feedback.prompt")), button("up", "fb-up", t("feedback.up")), button("down", "fb-down", t("feedback.down")), status);
    return box;
  }

  /** "Hiểu câu hỏi là: … · địa bàn: … · văn bản: …": how the API read the question (a follow-up completed). */
  function understoodLine(result) {
    const u = result.understood;
    if (!u) return null;
    const parts = [h("span", { class: "label" }, t("answer.understood") + ": "), h("span", { class: "understood-question" }, u.question)];
    if (u.places && u.places.length) parts.push(" · ", t("answer.understoodPlace", { v: u.places.join(", ") }));
    if (u.documents && u.documents.length) parts.push(" · ", t("answer.understoodDocs", { v: u.documents.join(", ") }));
    const expired = (result.flags || []).includes("conversation_expired");
    return [
      h("p", { class: "understood", dataset: { followUp: u.follow_up || "" } }, parts),
      expired ? h("p", { class: "meta expired" }, t("answer.threadExpired")) : null,
    ];
  }

  function renderAnswer(result, opts) {
    const compact = opts && opts.compact;
    const earlier = opts && opts.earlier; // an earlier turn of the thread: question, understanding, answer
    const card = h("article", { class: "answer-card" + (result.abstained ? " abstained" : "") + (earlier ? " earlier" : ""), dataset: { answerId: result.answer_id } });
    if (!compact) card.append(h("p", { class: "question" }, h("span", { class: "label" }, t("answer.question") + ": "), result.question));
    if (!compact) card.append(...[understoodLine(result)].flat().filter(Boolean));
    if (earlier) {
      card.append(answerText(result.answer, result.citations));
      return card;
    }
    if (result.abstained) {
      card.append(h("h3", { class: "abstain-title" }, icon("alert"), " ", t("answer.abstained")));
      card.append(h("div", { class: "answer-text" }, result.answer));
      if (result.see_also && result.see_also.length) {
        card.append(h("h4", {}, t("answer.seeAlso")), citationList(result.see_also, "see-also"));
      }
    } else {
      if (!compact) card.append(h("h3", { class: "sr-only" }, t("answer.heading")));
      card.append(answerText(result.answer, result.citations));
      if (!compact && result.citations.length) {
        card.append(h("h4", {}, t("answer.citations")), citationList(result.citations));
      }
    }
    if (!compact) {
      card.append(feedbackBox(result.answer_id));
      if (result.timings) card.append(h("p", { class: "meta" }, t("answer.timing", { ms: Math.round(result.timings.total_ms) })));
    }
    return card;
  }

  // ---------------------------------------------------------------- ask view ----
  async function runAsk(question, docIds, jurisdiction, turn) {
    const seq = ++state.askSeq;
    const out = $("#ask-result");
    const button = $("#ask-submit");
    out.replaceChildren(loading(t("status.asking")));
    button.disabled = true;
    const body = { question };
    if (docIds && docIds.length) body.doc_ids = docIds;
    if (jurisdiction) body.jurisdiction = jurisdiction;
    if (state.thread.id) body.conversation_id = state.thread.id;
    const key = askKey(question, docIds, jurisdiction, turn);
    try {
      const result = await api("/v1/ask", { method: "POST", body });
      if (seq !== state.askSeq) return;
      state.thread.id = result.conversation_id || state.thread.id;
      state.ask = { key, result, docIds, jurisdiction };
    } catch (err) {
      if (seq !== state.askSeq) return;
      state.ask = { key, error: err };
    } finally {
      if (seq === state.askSeq) button.disabled = false;
    }
    state.thread.turns = [...state.thread.turns.filter((x) => x.key !== state.ask.key), state.ask].slice(-MAX_TURNS);
    renderAskResult();
  }

  const MAX_TURNS = 20; // turns of a thread kept on the page
  const MAX_EARLIER_SHOWN = 5; // earlier turns shown above the current one
  const askKey = (q, docs, j, turn) => JSON.stringify([q, docs || [], j || "", turn || ""]);

  /** Forget the thread: the next question is read on its own. */
  function newThread() {
    state.askSeq++;
    state.thread = { id: null, turns: [] };
    state.ask = null;
    $("#ask-input").value = "";
    $("#ask-submit").disabled = false;
    if (location.hash.startsWith("#/ask?")) history.pushState(null, "", "#/ask");
    renderAskResult();
    $("#ask-input").focus();
  }

  function threadBar() {
    const n = state.thread.turns.length;
    return h(
      "div",
      { class: "thread-bar no-print" },
      h("p", { class: "meta" }, h("b", {}, t("thread.count", { n })), " · ", t("thread.hint")),
      h("button", { type: "button", id: "new-thread", title: t("thread.newTitle"), onclick: newThread }, icon("plus"), " ", t("thread.new"))
    );
  }

  /** A chat: the thread's earlier turns (short), then the turn shown in full (the latest, or the one Back
      returned to). */
  function renderAskResult() {
    const out = $("#ask-result");
    $("#landing").hidden = !!state.ask;
    $("#ask-input").placeholder = t(state.thread.turns.length ? "ask.placeholderFollow" : "ask.placeholder");
    if (!state.ask) return out.replaceChildren();
    const bar = state.thread.id ? threadBar() : null;
    const at = state.thread.turns.indexOf(state.ask);
    const earlier = state.thread.turns.slice(0, Math.max(at, 0)).filter((x) => x.result).slice(-MAX_EARLIER_SHOWN);
    const rest = earlier.length
      ? h("section", { class: "thread-earlier", "aria-label": t("thread.earlier") }, h("h3", {}, t("thread.earlier")), earlier.map((x) => renderAnswer(x.result, { earlier: true })))
      : null;
    if (state.ask.error) return out.replaceChildren(...[bar, rest, errorBox(state.ask.error)].filter(Boolean));
    const card = renderAnswer(state.ask.result);
    const scope = [];
    if (state.ask.jurisdiction) scope.push(state.ask.jurisdiction);
    for (const id of state.ask.docIds || []) scope.push(docById(id) ? docLabel(docById(id)) : id);
    if (scope.length) card.insertBefore(h("p", { class: "meta scope" }, t("answer.filtered", { what: scope.join("; ") })), card.children[1] || null);
    out.replaceChildren(...[bar, rest, card].filter(Boolean));
    if (rest) card.scrollIntoView({ block: "nearest" }); // the newest turn, under the earlier ones, in view
  }

  // ---------------------------------------------------------------- landing: what is loaded ----
  const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  /** "05/03/2025" (vi) or "5 Mar 2025" (en); the year alone when only that is known. */
  function docDate(doc) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(doc.issued || ""));
    if (m) return state.lang === "vi" ? `${m[3]}/${m[2]}/${m[1]}` : `${Number(m[3])} ${MONTHS_EN[Number(m[2]) - 1]} ${m[1]}`;
    return doc.year ? String(doc.year) : t("landing.noDate");
  }

  function renderLanding() {
    const out = $("#landing-docs");
    if (!state.docsLoaded) return out.replaceChildren();
    if (!state.docs.length) return out.replaceChildren(h("p", { class: "hint" }, t("landing.empty")));
    $("#landing-count").textContent = t("landing.count", { docs: state.docs.length, places: jurisdictions().length });
    out.replaceChildren(
      h(
        "ul",
        { class: "doc-list" },
        state.docs.map((d) =>
          h(
            "li",
            { dataset: { doc: d.doc_id } },
            h("p", { class: "doc-head" }, h("b", { class: "doc-place" }, jurisdictionLabel(d)), " · ", h("span", { class: "doc-short" }, shortName(d)), " · ", h("time", { class: "doc-date", datetime: d.issued || (d.year ? String(d.year) : null) }, docDate(d))),
            h("p", { class: "doc-title" }, d.title),
            isPlan(d) ? h("a", { class: "link doc-matrix", href: "#/matrix?doc=" + encodeURIComponent(d.doc_id) }, t("landing.matrix") + " →") : null
          )
        )
      )
    );
  }

  function examplesInto(container, list, onpick) {
    container.replaceChildren(
      ...list.map((q) => h("button", { type: "button", class: "chip", onclick: () => onpick(q) }, q))
    );
  }

  // ---------------------------------------------------------------- source panel ----
  async function openSource(sectionId, quote) {
    const panel = $("#source");
    const body = $("#source-body");
    state.source = { sectionId, quote, data: null };
    panel.hidden = false;
    document.body.classList.add("source-open");
    body.replaceChildren(loading(t("status.loading")));
    $("#source-crumbs").replaceChildren();
    try {
      const data = await api(sectionUrl(sectionId));
      if (!state.source || state.source.sectionId !== sectionId) return;
      state.source.data = data;
    } catch (err) {
      if (!state.source || state.source.sectionId !== sectionId) return;
      state.source.error = err;
    }
    renderSource(true);
  }

  function closeSource() {
    state.source = null;
    $("#source").hidden = true;
    document.body.classList.remove("source-open");
  }

  function outlineButton(entry, label, cls) {
    if (!entry) return null;
    return h(
      "button",
      { type: "button", class: "nav-btn " + (cls || ""), title: entry.heading, onclick: () => openSource(entry.section_id, null) },
      label
    );
  }

  function renderSource(scroll) {
    const body = $("#source-body");
    const src = state.source;
    if (!src) return;
    if (src.error) {
      $("#source-crumbs").replaceChildren();
      return body.replaceChildren(errorBox(src.error));
    }
    if (!src.data) return;
    const { section, document: doc, previous, next, parent, children, assignments } = src.data;
    const text = String(section.text || "").normalize("NFC");
    const ranges = src.quote ? findQuote(text, String(src.quote).normalize("NFC")) : [];
    const crumbs = h(
      "nav",
      { class: "breadcrumbs", "aria-label": t("source.breadcrumb") },
      h(
        "ol",
        {},
        h("li", { class: "crumb-doc", title: doc.title }, jurisdictionLabel(doc) + " · " + shortName(doc)),
        (section.heading_path || []).map((p, i, all) => h("li", { "aria-current": i === all.length - 1 ? "location" : null }, p))
      )
    );
    $("#source-crumbs").replaceChildren(crumbs);
    const parts = [
      h("p", { class: "doc-title" }, doc.title),
      h("p", { class: "meta" }, t("source.section", { label: section.label })),
    ];
    if (src.quote && !ranges.length) parts.push(h("p", { class: "hint quote-missing" }, t("source.quoteMissing")));
    parts.push(h("div", { class: "section-text", lang: doc.language || "vi" }, highlighted(text, ranges)));
    if (assignments && assignments.length) {
      parts.push(
        h("h3", {}, t("source.assignments")),
        h(
          "ul",
          { class: "assignments" },
          assignments.map((a) =>
            h(
              "li",
              {},
              h("span", { class: "mark lead", "aria-hidden": "true" }, "● "),
              h("b", {}, t("role.lead") + ": "),
              a.leads.join("; ") || "—",
              a.coordinators.length
                ? [h("br"), h("span", { class: "mark coord", "aria-hidden": "true" }, "○ "), h("b", {}, t("role.coord") + ": "), a.coordinators.join("; ")]
                : null
            )
          )
        )
      );
    }
    if (children && children.length) {
      parts.push(
        h("h3", {}, t("source.children")),
        h("ul", { class: "children" }, children.map((c) => h("li", {}, outlineButton(c, c.heading, "link"))))
      );
    }
    parts.push(
      h(
        "div",
        { class: "source-nav" },
        outlineButton(previous, t("source.prev")),
        outlineButton(parent, t("source.parent")),
        outlineButton(next, t("source.next"))
      )
    );
    body.replaceChildren(...parts);
    if (scroll) {
      const mark = $("mark", body);
      $("#source").scrollTop = 0;
      if (mark) mark.scrollIntoView({ block: "center" });
    }
  }

  // ---------------------------------------------------------------- matrix ----
  function buildMatrixScope() {
    const sel = $("#matrix-scope");
    const current = sel.value;
    sel.replaceChildren(h("option", { value: "" }, t("matrix.pick")));
    const plans = state.docs.filter(isPlan);
    const others = state.docs.filter((d) => !isPlan(d));
    sel.append(
      h(
        "optgroup",
        { label: t("matrix.docs") },
        [...plans, ...others].map((d) => h("option", { value: "doc:" + d.doc_id, title: d.title }, docLabel(d)))
      ),
      h(
        "optgroup",
        { label: t("matrix.places") },
        jurisdictions().map((d) => h("option", { value: "jur:" + d.jurisdiction_name }, jurisdictionLabel(d)))
      )
    );
    sel.value = current;
  }

  function scopeFromParams(params) {
    if (params.get("doc")) return "doc:" + params.get("doc");
    if (params.get("jurisdiction")) return "jur:" + params.get("jurisdiction");
    return "";
  }

  function scopeLabel(scope) {
    if (scope.startsWith("doc:")) {
      const d = docById(scope.slice(4));
      return d ? docLabel(d) + " — " + d.title : scope.slice(4);
    }
    const d = state.docs.find((x) => x.jurisdiction_name === scope.slice(4));
    return d ? jurisdictionLabel(d) : scope.slice(4);
  }

  async function loadMatrix(scope) {
    const out = $("#matrix-result");
    if (!scope) {
      state.matrix = null;
      $("#matrix-title").textContent = "";
      $("#matrix-csv").disabled = $("#matrix-print").disabled = true;
      out.replaceChildren(h("p", { class: "hint" }, t("matrix.choose")));
      return;
    }
    if (state.matrix && state.matrix.scope === scope && state.matrix.records) return renderMatrix();
    out.replaceChildren(loading(t("status.loading")));
    const q = scope.startsWith("doc:") ? "doc_id=" + encodeURIComponent(scope.slice(4)) : "jurisdiction=" + encodeURIComponent(scope.slice(4));
    try {
      const data = await api("/v1/responsibilities?" + q);
      state.matrix = { scope, records: data.assignments || [] };
    } catch (err) {
      state.matrix = { scope, error: err };
    }
    if ($("#matrix-scope").value === scope || !$("#matrix-scope").value) renderMatrix();
  }

  /** Tasks (rows, in document order) × agencies (columns, most leads first) from the assignments. */
  function matrixModel(records, agencyFilter) {
    const tasks = new Map();
    const counts = new Map();
    for (const a of records) {
      const key = a.doc_id + "\u0000" + a.task_section_id;
      if (!tasks.has(key)) tasks.set(key, { doc_id: a.doc_id, task_section_id: a.task_section_id, task: a.task, cells: new Map() });
      const row = tasks.get(key);
      const mark = (agency, role) => {
        const c = counts.get(agency) || { lead: 0, coord: 0 };
        c[role] += 1;
        counts.set(agency, c);
        const cell = row.cells.get(agency);
        if (!cell) row.cells.set(agency, { role, sources: [a] });
        else {
          if (role === "lead" && cell.role !== "lead") {
            cell.role = "lead";
            cell.sources.unshift(a);
          } else cell.sources.push(a);
        }
      };
      a.leads.forEach((ag) => mark(ag, "lead"));
      a.coordinators.forEach((ag) => mark(ag, "coord"));
    }
    const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
    const f = agencyFilter ? fold(agencyFilter.trim()) : "";
    const agencies = Array.from(counts.entries())
      .filter(([name]) => !f || fold(name).includes(f))
      .sort((x, y) => y[1].lead - x[1].lead || y[1].lead + y[1].coord - (x[1].lead + x[1].coord) || x[0].localeCompare(y[0], "vi"))
      .map(([name]) => name);
    return { rows: Array.from(tasks.values()), agencies };
  }

  function labelOf(sectionId) {
    const i = sectionId.indexOf("#");
    return i >= 0 ? sectionId.slice(i + 1) : sectionId;
  }

  function renderMatrix() {
    const out = $("#matrix-result");
    const m = state.matrix;
    if (!m) return loadMatrix($("#matrix-scope").value);
    $("#matrix-title").textContent = t("matrix.title", { what: scopeLabel(m.scope) });
    if (m.error) {
      $("#matrix-csv").disabled = $("#matrix-print").disabled = true;
      return out.replaceChildren(errorBox(m.error));
    }
    const model = matrixModel(m.records, $("#matrix-agency").value);
    m.model = model;
    $("#matrix-csv").disabled = $("#matrix-print").disabled = $("#matrix-transpose").disabled = !model.rows.length;
    if (!model.rows.length) return out.replaceChildren(h("p", { class: "hint" }, t("matrix.empty")));
    if (!model.agencies.length) return out.replaceChildren(h("p", { class: "hint" }, t("matrix.noAgency")));
    const multiDoc = new Set(model.rows.map((r) => r.doc_id)).size > 1;
    const table = state.transposed ? matrixByAgency(model, multiDoc) : matrixByTask(model, multiDoc);
    out.replaceChildren(
      h("p", { class: "meta" }, t("matrix.count", { tasks: model.rows.length, agencies: model.agencies.length })),
      h("div", { class: "matrix-wrap", tabindex: "0" }, table)
    );
  }

  /** One cell: the agency's role in the task, a button that opens the paragraph that assigns it. */
  function matrixCell(row, ag) {
    const cell = row.cells.get(ag);
    if (!cell) return h("td", { class: "empty" });
    const role = cell.role === "lead" ? t("role.lead") : t("role.coord");
    const label = t("matrix.cellLabel", { agency: ag, role, task: row.task });
    const src = cell.sources[0];
    return h(
      "td",
      { class: cell.role, dataset: { agency: ag, role: cell.role, task: row.task_section_id } },
      h(
        "button",
        { type: "button", title: label, "aria-label": label, onclick: () => openSource(src.section_id, src.text) },
        h("span", { class: "mark", "aria-hidden": "true" }, cell.role === "lead" ? "●" : "○")
      )
    );
  }

  /** Agencies as rows, tasks as columns with horizontal, wrapping headings (easier on a projector). */
  function matrixByAgency(model, multiDoc) {
    const head = h(
      "tr",
      {},
      h("th", { class: "agency-col", scope: "col" }, t("matrix.agency")),
      model.rows.map((row) => {
        const d = multiDoc ? docById(row.doc_id) : null;
        return h(
          "th",
          { class: "task-head", scope: "col", dataset: { task: row.task_section_id } },
          h(
            "button",
            { type: "button", class: "task-link", title: row.task, onclick: () => openSource(row.task_section_id, null) },
            h("small", { class: "label" }, (d ? shortName(d) + " · " : "") + labelOf(row.task_section_id)),
            h("br"),
            clip(row.task, 90)
          )
        );
      })
    );
    const body = h("tbody");
    for (const ag of model.agencies) {
      body.append(h("tr", { dataset: { agency: ag } }, h("th", { scope: "row", class: "agency-name" }, ag), model.rows.map((row) => matrixCell(row, ag))));
    }
    return h("table", { class: "matrix transposed" }, h("thead", {}, head), body);
  }

  /** Tasks as rows (in document order), agencies as columns. */
  function matrixByTask(model, multiDoc) {
    const head = h(
      "tr",
      {},
      h("th", { class: "task-col", scope: "col" }, t("matrix.task")),
      model.agencies.map((ag) => h("th", { class: "agency", scope: "col", title: ag }, h("span", {}, ag)))
    );
    const body = h("tbody");
    let lastDoc = null;
    for (const row of model.rows) {
      if (multiDoc && row.doc_id !== lastDoc) {
        const d = docById(row.doc_id);
        body.append(
          h("tr", { class: "doc-row" }, h("th", { colspan: String(model.agencies.length + 1), scope: "rowgroup" }, d ? docLabel(d) + " — " + d.title : row.doc_id))
        );
        lastDoc = row.doc_id;
      }
      const tr = h(
        "tr",
        { dataset: { task: row.task_section_id } },
        h(
          "th",
          { scope: "row", class: "task" },
          h(
            "button",
            { type: "button", class: "task-link", onclick: () => openSource(row.task_section_id, null) },
            row.task,
            " ",
            h("small", { class: "label" }, labelOf(row.task_section_id))
          )
        )
      );
      for (const ag of model.agencies) tr.append(matrixCell(row, ag));
      body.append(tr);
    }
    return h("table", { class: "matrix" }, h("thead", {}, head), body);
  }

  function csvField(v) {
    const s = String(v == null ? "" : v);
    return /[",\r\n;]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  /** The matrix as CSV text: UTF-8 with a BOM (so Excel reads Vietnamese), CRLF line ends. */
  function matrixCsv() {
    const m = state.matrix;
    if (!m || !m.model) return null;
    const { rows, agencies } = m.model;
    const lines = [[t("matrix.document"), t("matrix.section"), t("matrix.task"), ...agencies]];
    for (const row of rows) {
      const d = docById(row.doc_id);
      lines.push([
        d ? shortName(d) : row.doc_id,
        labelOf(row.task_section_id),
        row.task,
        ...agencies.map((ag) => {
          const c = row.cells.get(ag);
          return !c ? "" : c.role === "lead" ? t("role.leadCsv") : t("role.coordCsv");
        }),
      ]);
    }
    return "\ufeff" + lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
  }

  function slug(s) {
    return String(s)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .toLowerCase();
  }

  function exportCsv() {
    const text = matrixCsv();
    if (!text) return;
    if (state.csv && state.csv.url) URL.revokeObjectURL(state.csv.url);
    const blob = new Blob([text], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const name = "ai-lam-gi-" + slug(state.matrix.scope.slice(4)) + ".csv";
    state.csv = { url, name, text };
    const a = $("#matrix-csv-link");
    a.href = url;
    a.download = name;
    a.click();
  }

  // ---------------------------------------------------------------- compare ----
  function buildComparePlans() {
    const box = $("#compare-plans");
    const checked = new Set($$("input:checked", box).map((i) => i.value));
    const fresh = !box.children.length;
    box.replaceChildren();
    const plans = state.docs.filter(isPlan);
    const provincial = plans.filter((d) => d.jurisdiction !== "national").slice(0, 4).map((d) => d.doc_id);
    for (const d of plans) {
      const on = fresh ? provincial.includes(d.doc_id) : checked.has(d.doc_id);
      box.append(
        h("label", { title: d.title }, h("input", { type: "checkbox", value: d.doc_id, checked: on }), h("span", {}, docLabel(d)))
      );
    }
  }

  function setComparePlans(ids) {
    const want = new Set(ids);
    for (const box of $$("#compare-plans input")) box.checked = want.has(box.value);
  }

  async function runCompare(question, docIds) {
    const seq = ++state.compareSeq;
    const columns = docIds.map((id) => ({ docId: id, pending: true }));
    state.compare = { question, columns };
    renderCompare();
    $("#compare-submit").disabled = true;
    await Promise.all(
      columns.map(async (col) => {
        try {
          col.result = await api("/v1/ask", { method: "POST", body: { question, doc_ids: [col.docId] } });
        } catch (err) {
          col.error = err;
        }
        col.pending = false;
        if (seq === state.compareSeq) renderCompareColumn(col);
      })
    );
    if (seq === state.compareSeq) $("#compare-submit").disabled = false;
  }

  function renderCompare() {
    const out = $("#compare-result");
    const c = state.compare;
    if (!c) return out.replaceChildren();
    out.style.setProperty("--cols", String(Math.min(c.columns.length, 4)));
    out.replaceChildren(
      ...c.columns.map((col) => {
        col.el = h("section", { class: "compare-col", dataset: { doc: col.docId } });
        renderCompareColumn(col);
        return col.el;
      })
    );
  }

  function renderCompareColumn(col) {
    const d = docById(col.docId);
    const head = h(
      "header",
      {},
      h("h3", {}, d ? jurisdictionLabel(d) : col.docId),
      h("p", { class: "meta", title: d ? d.title : "" }, d ? shortName(d) + " — " + clip(d.title, 64) : "")
    );
    const parts = [head];
    if (col.pending) parts.push(loading(t("status.asking")));
    else if (col.error) parts.push(errorBox(col.error));
    else {
      const r = col.result;
      if (r.abstained) {
        parts.push(h("p", { class: "abstain-title" }, icon("alert"), " ", t("compare.abstained")));
        if (r.see_also && r.see_also.length) parts.push(h("h4", {}, t("answer.seeAlso")), citationList(r.see_also.slice(0, 2), "see-also"));
      } else {
        const c = r.citations[0];
        // The cited paragraph is shown below, highlighted: drop the answer's echo of it («…»).
        const short = c ? r.answer.replace(/\n(Nguồn|Source) \[1\]: «[\s\S]*»\s*$/, "") : r.answer;
        parts.push(answerText(short, r.citations));
        if (c) {
          const text = String(c.text).normalize("NFC");
          parts.push(
            h(
              "div",
              { class: "cited", dataset: { section: c.section_id } },
              h("h4", {}, t("compare.cited") + " [1]"),
              h("p", { class: "cite-path" }, c.heading_path),
              h("div", { class: "section-text" }, highlighted(text, findQuote(text, String(c.quote).normalize("NFC")))),
              h("button", { type: "button", class: "link open-full", onclick: () => openSource(c.section_id, c.quote) }, t("compare.openFull"))
            )
          );
        }
      }
      parts.push(feedbackBox(r.answer_id));
    }
    col.el.replaceChildren(...parts);
    const box = $(".cited .section-text", col.el);
    const mark = box && $("mark", box);
    if (mark) box.scrollTop = Math.max(0, mark.offsetTop - 16); // the box is positioned: offsetTop is inside it
  }

  // ---------------------------------------------------------------- routing ----
  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, "");
    const [view, query] = raw.split("?");
    return { view: ["ask", "matrix", "compare"].includes(view) ? view : "ask", params: new URLSearchParams(query || "") };
  }

  function navigate(view, params) {
    const qs = params && params.toString();
    const hash = "#/" + view + (qs ? "?" + qs : "");
    if (location.hash === hash) route(true);
    else location.hash = hash;
  }

  function showView(view) {
    for (const v of ["ask", "matrix", "compare"]) $("#view-" + v).hidden = v !== view;
    for (const a of $$(".tabs a")) {
      if (a.dataset.view === view) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    document.body.dataset.view = view;
  }

  function route(force) {
    const { view, params } = parseHash();
    closeSource(); // a new view (a tab, a link, Back): the panel would cover it, or hide it on a phone
    showView(view);
    if (!state.docsLoaded) return;
    if (view === "ask") {
      const q = params.get("q");
      if (!q) return;
      const docs = (params.get("docs") || "").split(",").filter(Boolean);
      const j = params.get("jurisdiction") || "";
      const turn = params.get("turn") || "";
      $("#ask-input").value = q;
      setFilters(docs, j);
      const key = askKey(q, docs, j, turn);
      const known = state.thread.turns.find((x) => x.key === key && x.result);
      if (known && !force) {
        state.ask = known; // Back / Forward within the thread: show that turn again, do not re-ask it
        renderAskResult();
      } else if (force || !state.ask || state.ask.key !== key) runAsk(q, docs, j, turn);
    } else if (view === "matrix") {
      const scope = scopeFromParams(params);
      $("#matrix-scope").value = scope;
      if ($("#matrix-scope").value !== scope) $("#matrix-scope").value = "";
      loadMatrix($("#matrix-scope").value);
    } else if (view === "compare") {
      const q = params.get("q");
      const docs = (params.get("docs") || "").split(",").filter(Boolean);
      if (q) $("#compare-input").value = q;
      if (docs.length) setComparePlans(docs);
      if (q && docs.length >= 2) {
        const same = state.compare && state.compare.question === q && state.compare.columns.map((c) => c.docId).join() === docs.join();
        if (force || !same) runCompare(q, docs);
      }
    }
  }

  // ---------------------------------------------------------------- language, large type, key ----
  function applyLanguage() {
    document.documentElement.lang = state.lang;
    document.title = t("app.title");
    for (const el of $$("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    for (const el of $$("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
    for (const el of $$("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
    for (const el of $$("[data-i18n-aria-label]")) el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
    $("#toggle-lang").lang = state.lang === "vi" ? "en" : "vi";
    examplesInto($("#ask-examples"), EXAMPLES[state.lang], (q) => {
      $("#ask-input").value = q;
      submitAsk();
    });
    examplesInto($("#compare-examples"), COMPARE_EXAMPLES[state.lang], (q) => {
      $("#compare-input").value = q;
      submitCompare();
    });
    if (!$("#compare-input").value) $("#compare-input").value = COMPARE_EXAMPLES[state.lang][0];
    if (state.docsLoaded) {
      buildFilters();
      buildMatrixScope();
      buildComparePlans();
      if (state.matrix) $("#matrix-scope").value = state.matrix.scope;
    }
    renderAskResult();
    renderLanding();
    if (state.matrix) renderMatrix();
    if (state.compare) renderCompare();
    renderSource(false);
  }

  function setLanguage(lang) {
    state.lang = lang === "en" ? "en" : "vi";
    storeSet(STORE.lang, state.lang);
    applyLanguage();
  }

  function setTransposed(on) {
    state.transposed = on;
    $("#matrix-transpose").setAttribute("aria-pressed", on ? "true" : "false");
    storeSet(STORE.transposed, on ? "1" : null);
    if (state.matrix) renderMatrix();
  }

  function setLarge(on) {
    document.documentElement.classList.toggle("large", on);
    $("#toggle-large").setAttribute("aria-pressed", on ? "true" : "false");
    storeSet(STORE.large, on ? "1" : null);
  }

  function showKeyBanner(invalid) {
    const banner = $("#key-banner");
    banner.hidden = false;
    $("#key-error").hidden = !invalid;
    $("#key-input").focus();
  }

  // ---------------------------------------------------------------- events ----
  function submitAsk() {
    const q = $("#ask-input").value.trim();
    if (!q) return;
    const params = new URLSearchParams({ q });
    const docs = selectedDocs();
    if (docs.length) params.set("docs", docs.join(","));
    const j = $("#filter-jurisdiction").value;
    if (j) params.set("jurisdiction", j);
    if (state.thread.id) params.set("turn", String(state.thread.turns.length + 1)); // a new turn, even if worded as before
    navigate("ask", params);
  }

  function submitCompare() {
    const q = $("#compare-input").value.trim();
    const docs = $$("#compare-plans input:checked").map((i) => i.value);
    if (!q) return;
    if (docs.length < 2) {
      $("#compare-result").replaceChildren(h("p", { class: "error-box", role: "alert" }, t("compare.needTwo")));
      return;
    }
    navigate("compare", new URLSearchParams({ q, docs: docs.join(",") }));
  }

  function bind() {
    $("#ask-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      submitAsk();
    });
    $("#ask-input").addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && !ev.shiftKey) {
        ev.preventDefault();
        submitAsk();
      }
    });
    $("#filter-jurisdiction").addEventListener("change", buildFilters);
    $("#filter-docs-clear").addEventListener("click", () => {
      for (const b of $$("#filter-docs-list input")) b.checked = false;
      updateDocsSummary();
    });
    $("#compare-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      submitCompare();
    });
    $("#matrix-scope").addEventListener("change", () => {
      const v = $("#matrix-scope").value;
      const params = new URLSearchParams();
      if (v.startsWith("doc:")) params.set("doc", v.slice(4));
      else if (v.startsWith("jur:")) params.set("jurisdiction", v.slice(4));
      navigate("matrix", params);
    });
    $("#matrix-agency").addEventListener("input", () => state.matrix && renderMatrix());
    $("#matrix-transpose").addEventListener("click", () => setTransposed(!state.transposed));
    $("#matrix-csv").addEventListener("click", exportCsv);
    $("#matrix-print").addEventListener("click", () => window.print());
    $("#source-close").addEventListener("click", closeSource);
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape" && state.source) closeSource();
    });
    $("#toggle-lang").addEventListener("click", () => setLanguage(state.lang === "vi" ? "en" : "vi"));
    $("#toggle-large").addEventListener("click", () => setLarge(!document.documentElement.classList.contains("large")));
    $("#key-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const key = $("#key-input").value.trim();
      if (!key) return;
      storeSet(STORE.key, key);
      $("#key-banner").hidden = true;
      if (await loadDocuments()) route(true);
    });
    window.addEventListener("hashchange", () => route(false));
  }

  async function boot() {
    const url = new URLSearchParams(location.search);
    state.lang = (url.get("lang") || storeGet(STORE.lang) || "vi") === "en" ? "en" : "vi";
    bind();
    const bar = $(".topbar");
    const fit = () => document.documentElement.style.setProperty("--header-h", bar.offsetHeight + "px");
    if (window.ResizeObserver) new ResizeObserver(fit).observe(bar);
    fit();
    setLarge(url.has("large") ? url.get("large") !== "0" : storeGet(STORE.large) === "1");
    setTransposed(storeGet(STORE.transposed) === "1");
    applyLanguage();
    showView(parseHash().view);
    if (await loadDocuments()) route(false);
    document.body.dataset.ready = "1";
  }

  // For the end-to-end tests and for trainers who want the data behind a view.
  window.tipApp = { state, matrixCsv, findQuote, strings: STRINGS, t };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
