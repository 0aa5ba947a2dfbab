// The trainee chat. Talks only to this page's server (/api/...), never to Rasa.
// Every text from a user or the bot goes into the page with textContent: never innerHTML.
"use strict";

(function () {
  const OUTCOMES = {
    resolved: "Resolved: the customer is satisfied.",
    churned: "Churned: the customer left.",
    abandoned: "Ended before it was resolved.",
  };
  const OFFLINE = "This page's server is not answering. Nothing you said is lost: try again in a moment.";

  const state = {
    me: null,            // {name, show_live_scores, max_chars, bands, moods}: GET /api/me
    bands: null,         // from /api/me, kept after a sign-out: {low: [0, 40], neutral: [41, 59], high: [60, 100]}
    moods: [],           // from /api/me, kept after a sign-out: most upset first
    scenarios: [],       // [{id, title, summary, customer}]
    turns: [],           // this trainee's turns, oldest first, as the server keeps them
    wantPicker: false,   // the trainee chose "Pick another case" after a scorecard
    busy: false,
  };

  const $ = (id) => document.getElementById(id);

  // Build an element; string children become text nodes (so they are never parsed as HTML).
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // The rubric's bands and the customer's moods come from the server (/api/me), which takes
  // them from bot/coach (scoring.BANDS, scenarios.MOODS): the page hard-codes neither.
  function band(score) {
    const bands = state.bands;
    if (score <= bands.low[1]) return "low";
    if (score >= bands.high[0]) return "high";
    return "neutral";
  }

  function plain(text) {
    // The tips use *emphasis* from the rubric's Markdown; show it as plain words.
    return String(text || "").replace(/\*([^*\s][^*]*?)\*/g, "$1");
  }

  // --- alerts -------------------------------------------------------------------------------
  // During a call the message shows just above the reply box, where the trainee is looking.
  function showAlert(message, kind) {
    hideAlert();
    const inCall = !$("call-view").hidden && !$("composer").hidden;
    const box = inCall ? $("composer-alert") : $("alert");
    $(box.id + "-text").textContent = message;
    box.className = "alert" + (kind === "warning" ? " warning" : "");
    box.hidden = false;
    if (!inCall) box.scrollIntoView({ block: "nearest" });
  }

  function hideAlert() {
    for (const id of ["alert", "composer-alert"]) {
      $(id).hidden = true;
      $(id + "-text").textContent = "";
    }
  }

  // --- the server ---------------------------------------------------------------------------
  async function api(method, path, body) {
    const options = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (error) {
      return { ok: false, status: 0, data: { error: OFFLINE } };
    }
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = { error: response.ok ? "" : OFFLINE };
    }
    if (response.status === 401 && path !== "/api/signin" && path !== "/api/invite") {
      const wasIn = Boolean(state.me);
      showSignIn(data, wasIn ? "Your sign-in has ended: sign in again. Nothing you typed is lost." : null);
    }
    return { ok: response.ok, status: response.status, data };
  }

  // --- what the turns say -------------------------------------------------------------------
  // Flatten turns into items: {turn, message, custom}; find the latest case and its state.
  function currentSession() {
    let start = null;
    state.turns.forEach((turn, t) => {
      turn.messages.forEach((message, m) => {
        if (message.custom && message.custom.scenario) start = { t, m };
      });
    });
    if (!start) return null;
    const session = { scenario: null, mood: null, ended: null, turns: [] };
    for (let t = start.t; t < state.turns.length; t++) {
      const turn = state.turns[t];
      const messages = t === start.t ? turn.messages.slice(start.m) : turn.messages;
      const view = { turn, messages, score: null, retracted: false, replaces: false };
      const previous = session.turns[session.turns.length - 1];
      if (previous && previous.retry && turn.trainee) view.replaces = true; // answers a taken-back reply
      for (const message of messages) {
        const custom = message.custom || {};
        if (custom.scenario) session.scenario = custom.scenario;
        if (custom.mood) session.mood = custom.mood;
        if (custom.score) view.score = custom.score;
        if (custom.scorecard) session.ended = custom.scorecard;
        if (custom.retracted) {
          // The last reply that stood was taken back: kept in view, struck through.
          view.retry = true;
          const taken = session.turns.slice().reverse().find((v) => v.turn.trainee && !v.retracted);
          if (taken) taken.retracted = true;
          if (custom.retracted.mood) session.mood = custom.retracted.mood;
        }
      }
      session.turns.push(view);
    }
    return session;
  }

  function pastScorecards() {
    const cards = [];
    for (const turn of state.turns) {
      for (const message of turn.messages) {
        if (message.custom && message.custom.scorecard) cards.push({ at: turn.at, card: message.custom.scorecard });
      }
    }
    return cards.reverse().slice(0, 5);
  }

  function scenarioTitle(id) {
    const found = state.scenarios.find((s) => s.id === id);
    return found ? found.title : id;
  }

  // --- views --------------------------------------------------------------------------------
  function showOnly(id) {
    for (const view of ["signin-view", "invite-view", "picker-view", "call-view"]) $(view).hidden = view !== id;
    $("loading").hidden = true;
  }

  // needs: what the server said the form must ask for ({code_required, password_required}).
  function showSignIn(needs, message) {
    state.me = null;
    state.needs = needs || state.needs || {};
    $("who").hidden = true;
    $("code-field").hidden = !state.needs.code_required;
    $("password-field").hidden = !state.needs.password_required;
    $("signin-help").textContent = state.needs.password_required
      ? "Sign in with the name and password of the account your team lead made for you."
      : "Your name keeps your practice sessions and scorecards together: sign in with the same name next time to see them.";
    showOnly("signin-view");
    if (message) showAlert(message);
    $("name").focus();
  }

  function inviteToken() {
    return window.location.pathname === "/invite" ? window.location.hash.replace(/^#/, "") : "";
  }

  function render() {
    const session = currentSession();
    if (!session || (session.ended && state.wantPicker)) {
      renderPicker();
      showOnly("picker-view");
      return;
    }
    renderCall(session);
    showOnly("call-view");
    if (!session.ended) window.scrollTo(0, document.documentElement.scrollHeight); // the latest lines
  }

  function renderPicker() {
    const list = $("scenario-list");
    clear(list);
    for (const scenario of state.scenarios) {
      list.appendChild(el("li", {},
        el("button", { type: "button", class: "card", "data-scenario": scenario.id, onclick: () => startCase(scenario.id) },
          el("span", { class: "card-customer", text: scenario.customer }),
          el("span", { class: "card-title", text: scenario.title }),
          el("span", { class: "card-summary", text: scenario.summary }),
          el("span", { class: "card-go", text: "Take the call" }))));
    }
    const past = pastScorecards();
    $("past").hidden = past.length === 0;
    clear($("past-list"));
    for (const { at, card } of past) {
      $("past-list").appendChild(el("li", {},
        el("strong", { text: scenarioTitle(card.scenario) }), " — ",
        el("span", { class: "outcome-word outcome-" + card.outcome, text: card.outcome }),
        `, ownership ${card.ownership}, flexibility ${card.flexibility}`,
        at ? el("span", { class: "muted", text: " · " + new Date(at).toLocaleString() }) : null));
    }
  }

  function renderCall(session) {
    const scenario = session.scenario || {};
    const customer = scenario.customer || "The customer";
    $("call-title").textContent = scenario.title || "Role-play";
    $("call-customer").textContent = session.ended ? `The call with ${customer} has ended.` : `${customer} is on the line.`;
    $("reply-to").textContent = customer;
    renderMood(session.mood);

    const exam = state.me && !state.me.show_live_scores;
    $("exam-note").hidden = !exam;

    const list = $("transcript");
    clear(list);
    // Practice mode: the last scored reply may be taken back, once, until the call ends.
    const last = session.turns[session.turns.length - 1];
    const retryable = !exam && !session.ended && last && last.turn.trainee && last.score && !last.replaces;
    session.turns.forEach((view, index) => {
      if (view.turn.trainee) list.appendChild(traineeItem(view, index));
      for (const message of view.messages) {
        const item = messageItem(message, customer);
        if (item && view.retracted) item.classList.add("taken-back");
        if (item) list.appendChild(item);
      }
      if (retryable && view === last) {
        list.appendChild(el("li", { class: "retry" },
          el("button", { type: "button", id: "retry-reply", onclick: retryReply }, "Try that reply again")));
      }
    });

    const slot = $("scorecard-slot");
    clear(slot);
    if (session.ended) slot.appendChild(scorecard(session.ended, scenario));
    $("composer").hidden = Boolean(session.ended);
    $("call-view").classList.toggle("ended", Boolean(session.ended));
  }

  function renderMood(mood) {
    const level = state.moods.indexOf(mood);
    $("mood").hidden = level < 0;
    $("mood").className = "mood mood-" + (mood || "none");
    $("mood-label").textContent = mood || "";
    $("mood").querySelectorAll(".mood-meter i").forEach((bar, i) => {
      bar.className = i <= level ? "on" : "";
    });
  }

  function traineeItem(view, index) {
    const item = el("li", { class: "bubble trainee" + (view.retracted ? " taken-back" : "") },
      el("span", { class: "who-said", text: view.retracted ? "You (taken back)" : "You" }),
      el("p", { class: "said", text: view.turn.trainee }));
    if (view.score) item.appendChild(scoreBadges(view.score, index));
    return item;
  }

  function scoreBadges(score, index) {
    const id = `score-details-${index}`;
    const details = el("div", { class: "score-details", id, role: "note" },
      el("p", { class: "reason", text: score.reason || "" }));
    if (score.cues && score.cues.length) {
      details.appendChild(el("p", { class: "cues-title", text: "Cues" }));
      details.appendChild(el("ul", { class: "cues" }, score.cues.map((cue) => el("li", {},
        el("q", { text: cue.phrase }), " ",
        el("span", { class: "muted", text: `${cue.label}: ownership ${signed(cue.ownership)}, flexibility ${signed(cue.flexibility)}` })))));
    } else {
      details.appendChild(el("p", { class: "muted", text: "No cue phrases: scored by what the reply does." }));
    }
    if (score.over_promise) {
      details.appendChild(el("p", { class: "over-promise", text: "Over-promise: beyond what you may offer, so it does not count as flexibility." }));
    }
    const button = el("button", {
      type: "button", class: "badges", "aria-expanded": "false", "aria-controls": id,
      title: "Show why",
    },
      // A reply the model could not read with confidence is not counted: no scores to show.
      ...(score.unsure ? [el("span", { class: "badge band-neutral", text: "Unclear: not scored" })] : [
        el("span", { class: "badge band-" + band(score.ownership), text: `Ownership ${score.ownership}` }),
        el("span", { class: "badge band-" + band(score.flexibility), text: `Flexibility ${score.flexibility}` })]),
      score.over_promise ? el("span", { class: "badge band-low", text: "Over-promise" }) : null);
    const wrapper = el("div", { class: "score" }, button, details);
    button.addEventListener("click", () => {
      const open = !wrapper.classList.contains("open");
      wrapper.classList.toggle("open", open);
      button.setAttribute("aria-expanded", String(open));
    });
    return wrapper;
  }

  function signed(value) {
    return value > 0 ? `+${value}` : String(value);
  }

  function messageItem(message, customer) {
    const custom = message.custom || {};
    if (custom.scorecard) return null; // shown as the scorecard below the conversation
    if (custom.scenario) {
      return el("li", { class: "brief" }, el("p", { text: message.text || "" }));
    }
    if (custom.scenarios) {
      const first = (message.text || "").split("\n")[0];
      return el("li", { class: "note" }, el("p", { text: first }),
        el("button", { type: "button", onclick: () => { state.wantPicker = true; render(); } }, "Pick a case"));
    }
    if (!message.text) return null;
    if (custom.mood || custom.score) {
      return el("li", { class: "bubble customer" },
        el("span", { class: "who-said", text: customer }),
        el("p", { class: "said", text: message.text }));
    }
    return el("li", { class: "note" }, el("p", { text: message.text }));
  }

  function scorecard(card, scenario) {
    const title = scenario.title || scenarioTitle(card.scenario);
    const section = el("section", { class: "scorecard", id: "scorecard", tabindex: "-1", "aria-labelledby": "scorecard-title" },
      el("h2", { id: "scorecard-title", text: "Scorecard: " + title }),
      el("p", { class: "outcome outcome-" + card.outcome },
        el("strong", { text: OUTCOMES[card.outcome] || card.outcome }),
        ` After ${card.turns} ${card.turns === 1 ? "reply" : "replies"}` +
          (card.unscored ? ` (${card.unscored} not scored: the coach could not read ${card.unscored === 1 ? "it" : "them"} with confidence).` : ".")),
      el("div", { class: "session-scores" },
        sessionScore("Ownership", card.ownership),
        sessionScore("Flexibility", card.flexibility)),
      // What was agreed, need by need, in the words that agreed it (a card saved before it has none).
      Array.isArray(card.agreed) && card.agreed.length
        ? el("div", { class: "agreed" },
          el("h3", { text: "Agreed" }),
          el("ul", {}, card.agreed.map((item) => el("li", {},
            el("strong", { text: item.need + ": " }), el("q", { text: item.said })))))
        : null,
      Array.isArray(card.still_open) && card.still_open.length
        ? el("p", { class: "still-open", text: "Still open when the call ended: " + card.still_open.join("; ") + "." })
        : null,
      // The first promise beyond the agent's authority, named (a card saved before it has none).
      card.over_promised
        ? el("p", { class: "over-promised" },
          el("strong", { text: "Beyond your authority: " }),
          card.over_promised.text ? el("q", { text: card.over_promised.text }) : null,
          (card.over_promised.text ? " promised " : "promised ") + card.over_promised.promise + ".")
        : null);
    // Every low reply with its stronger reply ("stronger_replies"); a card saved before that list
    // has the worst reply's only.
    const lows = Array.isArray(card.stronger_replies) ? card.stronger_replies : null;
    for (const [label, reply] of [["Best reply", card.best], ["Worst reply", card.worst]]) {
      if (!reply) continue;
      section.appendChild(el("div", { class: "reply-summary" },
        el("h3", { text: label }),
        el("blockquote", { text: reply.text }),
        el("p", {},
          el("span", { class: "badge band-" + band(reply.ownership), text: `Ownership ${reply.ownership}` }), " ",
          el("span", { class: "badge band-" + band(reply.flexibility), text: `Flexibility ${reply.flexibility}` }), " ",
          el("span", { class: "muted", text: reply.reason || "" })),
        // What a later reply took back of it (a card saved before it has none).
        reply.taken_back_by
          ? el("p", { class: "taken-back-by" }, el("strong", { text: "Later taken back: " }), el("q", { text: reply.taken_back_by }))
          : null,
        !lows && reply.model_reply ? modelReply(reply.model_reply) : null));
    }
    if (lows && lows.length) {
      section.appendChild(el("div", { class: "stronger-replies" },
        el("h3", { text: "Where a stronger reply was possible" }),
        el("ol", {}, lows.map((low) => el("li", { class: "reply-summary" },
          el("blockquote", { text: low.text }),
          el("p", {},
            el("span", { class: "badge band-" + band(low.ownership), text: `Ownership ${low.ownership}` }), " ",
            el("span", { class: "badge band-" + band(low.flexibility), text: `Flexibility ${low.flexibility}` })),
          modelReply(low.model_reply || {}))))));
    }
    if (!card.best && !card.worst) {
      section.appendChild(el("p", { class: "muted", text: "No replies were scored in this call." }));
    }
    section.appendChild(tipsBox(card));
    // How the numbers came about: folded away at the end, not a paragraph before the replies on
    // every card (QA rounds 23 and 24).
    if (card.counted) {
      section.appendChild(el("details", { class: "muted how-counted" },
        el("summary", { text: "How the call is scored" }),
        el("p", { text: card.counted.replace(/^How the call is scored:\s*/, "") })));
    }
    section.appendChild(el("div", { class: "actions" },
      el("button", { type: "button", class: "primary", id: "try-again", onclick: () => startCase(card.scenario) },
        "Try this case again"),
      el("button", { type: "button", id: "pick-another", onclick: () => { state.wantPicker = true; hideAlert(); render(); focusFirstCard(); } },
        "Pick another case")));
    return section;
  }

  function modelReply(model) {
    return el("p", { class: "model-reply" },
      el("strong", { text: "A stronger reply: " }), el("q", { text: model.text || "" }), " ",
      el("span", { class: "muted", text: model.why || "" }));
  }

  function tipsBox(card) {
    // One to three tips, most useful first ("tips"); a scorecard saved before them has one ("tip").
    const tips = (Array.isArray(card.tips) && card.tips.length ? card.tips : [card.tip]).filter(Boolean);
    if (tips.length <= 1) return el("p", { class: "tip" }, el("strong", { text: "Tip: " }), plain(tips[0]));
    return el("div", { class: "tip" }, el("strong", { text: "Tips:" }),
      el("ol", {}, tips.map((tip) => el("li", { text: plain(tip) }))));
  }

  function sessionScore(label, value) {
    return el("div", { class: "session-score band-" + band(value) },
      el("span", { class: "big", text: String(value) }),
      el("span", { text: label }),
      el("span", { class: "band-word", text: band(value) }));
  }

  function focusFirstCard() {
    const first = document.querySelector("#scenario-list button");
    if (first) first.focus();
  }

  // --- actions ------------------------------------------------------------------------------
  function setBusy(busy) {
    state.busy = busy;
    $("send").disabled = busy;
    $("end-call").disabled = busy;
    $("typing").hidden = !busy;
    document.querySelectorAll("#scenario-list button, #try-again").forEach((b) => { b.disabled = busy; });
  }

  async function startCase(id) {
    if (state.busy) return;
    hideAlert();
    setBusy(true);
    const result = await api("POST", "/api/start", { scenario: id });
    setBusy(false);
    if (result.data.turn) {
      state.turns.push(result.data.turn);
      state.wantPicker = false;
    }
    if (!result.ok) {
      render();
      if (result.status !== 401) showAlert(result.data.error || OFFLINE);
      return;
    }
    render();
    if (result.data.warning) showAlert(result.data.warning, "warning");
    $("reply").focus();
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  async function sendReply() {
    if (state.busy) return;
    const box = $("reply");
    const text = box.value.trim();
    const limit = (state.me && state.me.max_chars) || 2000;
    if (!text) {
      showAlert("Your message is empty: write what you say to the customer first.");
      box.focus();
      return;
    }
    if (text.length > limit) {
      showAlert(`Your message is ${text.length.toLocaleString("en")} characters; the limit is ${limit.toLocaleString("en")}. ` +
        "Shorten it, as you would on the phone. Nothing was sent.");
      box.focus();
      return;
    }
    hideAlert();
    const pending = el("li", { class: "bubble trainee pending" },
      el("span", { class: "who-said", text: "You (sending…)" }), el("p", { class: "said", text }));
    $("transcript").appendChild(pending);
    setBusy(true);
    // One key per reply, kept while the same text is sent again (after a time-out the first try
    // may have reached the customer): the server answers a resend without storing it twice.
    if (!state.sending || state.sending.text !== text) state.sending = { text, key: newKey() };
    const result = await api("POST", "/api/chat", { message: text, key: state.sending.key });
    setBusy(false);
    pending.remove();
    if (!result.ok) {
      // The text stays in the box: nothing the trainee wrote is lost.
      if (result.status !== 401) showAlert((result.data.error || OFFLINE) + " Your text is still in the box.");
      box.focus();
      return;
    }
    state.sending = null;
    state.turns.push(result.data.turn);
    if (box.value.trim() === text) box.value = "";
    saveDraft();
    updateCounter();
    render();
    if (result.data.warning) showAlert(result.data.warning, "warning");
    const session = currentSession();
    if (session && session.ended) focusScorecard();
    else box.focus();
  }

  // A control message (end the call, take the last reply back): the turn it returns is added;
  // a refusal or failure changes nothing and says why. True when the turn was added.
  async function postControl(path) {
    if (state.busy) return false;
    hideAlert();
    setBusy(true);
    const result = await api("POST", path, {});
    setBusy(false);
    if (!result.ok) {
      // Refused (an exam run, nothing to take back) or not saved: nothing changed.
      if (result.status !== 401) showAlert(result.data.error || OFFLINE);
      return false;
    }
    state.turns.push(result.data.turn);
    render();
    if (result.data.warning) showAlert(result.data.warning, "warning");
    return true;
  }

  async function endCall() {
    if (await postControl("/api/end")) focusScorecard();
  }

  async function retryReply() {
    if (await postControl("/api/retry")) $("reply").focus();
  }

  function focusScorecard() {
    const card = $("scorecard");
    if (card) {
      card.scrollIntoView({ block: "start" });
      card.focus({ preventScroll: true });
    }
  }

  // --- the draft survives a reload ------------------------------------------------------------
  function draftKey() {
    return "coach-draft:" + (state.me ? state.me.name.toLowerCase() : "");
  }

  function saveDraft() {
    try { sessionStorage.setItem(draftKey(), $("reply").value); } catch (error) { /* private mode */ }
  }

  function restoreDraft() {
    try {
      const saved = sessionStorage.getItem(draftKey());
      if (saved && !$("reply").value) $("reply").value = saved;
    } catch (error) { /* private mode */ }
  }

  function updateCounter() {
    const limit = (state.me && state.me.max_chars) || 2000;
    const length = $("reply").value.trim().length;
    const counter = $("counter");
    counter.textContent = length > limit
      ? `${length.toLocaleString("en")} / ${limit.toLocaleString("en")}: ${(length - limit).toLocaleString("en")} too many`
      : `${length.toLocaleString("en")} / ${limit.toLocaleString("en")}`;
    counter.classList.toggle("over", length > limit);
  }

  // --- live scores on or off ------------------------------------------------------------------
  function applyScoreToggle() {
    const allowed = state.me && state.me.show_live_scores;
    $("scores-toggle-label").hidden = !allowed;
    let show = allowed;
    if (allowed) {
      try { show = localStorage.getItem("coach-hide-scores") !== "1"; } catch (error) { show = true; }
    }
    $("scores-toggle").checked = Boolean(show);
    document.body.classList.toggle("hide-scores", !show);
  }

  // --- start-up -------------------------------------------------------------------------------
  async function loadSignedIn() {
    const me = await api("GET", "/api/me");
    if (!me.ok) {
      if (me.status !== 401) {
        showAlert(me.data.error || OFFLINE);
        $("loading").textContent = "Could not reach the practice page's server. Reload the page to try again.";
      }
      return;
    }
    state.me = me.data;
    state.bands = me.data.bands;
    state.moods = me.data.moods;
    const meter = $("mood").querySelector(".mood-meter");
    clear(meter);
    state.moods.forEach(() => meter.appendChild(el("i")));  // one bar per mood
    $("who-name").textContent = state.me.name;
    $("who").hidden = false;
    applyScoreToggle();
    const [scenarios, history] = await Promise.all([api("GET", "/api/scenarios"), api("GET", "/api/history")]);
    if (!scenarios.ok || !history.ok) {
      showAlert((history.ok ? scenarios : history).data.error || OFFLINE);
      $("loading").textContent = "Could not load your conversation. Reload the page to try again.";
      return;
    }
    state.scenarios = scenarios.data.scenarios;
    state.turns = history.data.turns;
    state.wantPicker = false;
    restoreDraft();
    updateCounter();
    render();
  }

  function wire() {
    $("alert-close").addEventListener("click", hideAlert);

    $("signin-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const name = $("name").value.trim();
      if (!name) {
        showAlert("Enter your name to sign in.");
        $("name").focus();
        return;
      }
      const result = await api("POST", "/api/signin", { name, password: $("password").value, code: $("code").value });
      if (!result.ok) {
        if (result.data.code_required) $("code-field").hidden = false;
        if (result.data.password_required) $("password-field").hidden = false;
        showAlert(result.data.error || OFFLINE);
        const passwordAsked = !$("password-field").hidden;
        (result.status === 403 ? $("code") : passwordAsked && name ? $("password") : $("name")).focus();
        return;
      }
      hideAlert();
      $("code").value = "";
      $("password").value = "";
      await loadSignedIn();
      const target = document.querySelector("#call-view:not([hidden]) #reply, #scenario-list button");
      if (target) target.focus();
    });

    $("sign-out").addEventListener("click", async () => {
      await api("POST", "/api/signout", {});
      state.turns = [];
      state.me = null;
      clear($("transcript"));
      $("reply").value = "";
      // Asking who is signed in now answers 401 with what the form must ask for (see api()).
      const after = await api("GET", "/api/me");
      if (after.status !== 401) showSignIn(null, null);
    });

    $("invite-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const password = $("new-password").value;
      if (password.length < 8) {
        showAlert("Choose a password of at least 8 characters.");
        $("new-password").focus();
        return;
      }
      if ($("new-password-again").value !== password) {
        showAlert("The two passwords are not the same. Type them again.");
        $("new-password-again").focus();
        return;
      }
      const result = await api("POST", "/api/invite", { token: inviteToken(), password });
      if (!result.ok) {
        showAlert(result.data.error || OFFLINE);
        $("new-password").focus();
        return;
      }
      hideAlert();
      $("new-password").value = "";
      $("new-password-again").value = "";
      window.history.replaceState(null, "", "/"); // the used link leaves the address bar
      await loadSignedIn();
    });

    $("scores-toggle").addEventListener("change", () => {
      try { localStorage.setItem("coach-hide-scores", $("scores-toggle").checked ? "0" : "1"); } catch (error) { /* ignore */ }
      applyScoreToggle();
    });

    $("composer").addEventListener("submit", (event) => {
      event.preventDefault();
      sendReply();
    });
    $("reply").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey && !event.isComposing) {
        event.preventDefault();
        sendReply();
      }
    });
    $("reply").addEventListener("input", () => {
      updateCounter();
      saveDraft();
    });
    $("end-call").addEventListener("click", endCall);
  }

  async function boot() {
    wire();
    if (inviteToken()) {
      showOnly("invite-view");
      $("new-password").focus();
      return;
    }
    await loadSignedIn(); // a 401 shows the sign-in form (see api())
  }

  document.addEventListener("DOMContentLoaded", boot);
})();
