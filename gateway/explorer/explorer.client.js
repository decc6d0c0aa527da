// The privacy explorer's page script (served as /privacy/explorer/assets/explorer.js): plain DOM,
// no framework, every request to this gateway's /privacy/explorer API.
(() => {
  const API = '/privacy/explorer';
  const $ = (id) => document.getElementById(id);
  /** An element with attributes and children (strings become text, never HTML). */
  const h = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value == null) continue;
      if (name === 'class') node.className = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) if (child != null && child !== false) node.append(child instanceof Node ? child : String(child));
    return node;
  };

  const state = { catalog: null, view: null, diff: null };

  async function getJson(path, init) {
    const response = await fetch(path, { credentials: 'same-origin', ...init });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = body?.errors?.[0];
      const failure = new Error(error?.message ?? `HTTP ${response.status}`);
      failure.problems = error?.extensions?.problems ?? [];
      throw failure;
    }
    return body;
  }

  const chip = (outcome) => h('span', { class: `chip outcome-${outcome}` }, outcome);
  const ruleId = (id) => h('span', { class: 'rule-id' }, id);

  function fillRoles() {
    const select = $('role');
    select.replaceChildren(...state.catalog.roles.map((r) => h('option', { value: r.role, title: r.who }, r.name)));
    const wanted = new URLSearchParams(location.search).get('role');
    if (wanted && state.catalog.roles.some((r) => r.role === wanted)) select.value = wanted;
    fillPurposes(new URLSearchParams(location.search).get('purpose'));
  }

  function fillPurposes(wanted) {
    const role = state.catalog.roles.find((r) => r.role === $('role').value);
    const select = $('purpose');
    select.replaceChildren(h('option', { value: '' }, 'no purpose'), ...role.purposes.map((p) => h('option', { value: p }, p)));
    select.value = wanted != null && (wanted === '' || role.purposes.includes(wanted)) ? wanted : (role.purposes[0] ?? '');
  }

  function fillLegend() {
    $('legend').replaceChildren(...state.catalog.legend.map((l) => h('li', {}, chip(l.outcome), ' ', l.text)));
    $('policy-version').textContent = state.catalog.policyVersion;
  }

  let viewAsked = 0;
  async function loadView() {
    const role = $('role').value;
    const purpose = $('purpose').value;
    const query = new URLSearchParams({ role });
    if (purpose) query.set('purpose', purpose);
    history.replaceState(null, '', `${API}?${query}`);
    $('status').textContent = 'Loading…';
    // Only the last choice's answer is shown: an earlier one arriving late showed another role's
    // outcomes under this role's name; and a failed one leaves no earlier role's tree behind.
    const asked = ++viewAsked;
    let view;
    try {
      view = await getJson(`${API}/outcomes?${query}`);
    } catch (error) {
      if (asked !== viewAsked) return;
      state.view = null;
      $('tree').replaceChildren();
      $('view-title').textContent = '';
      $('status').textContent = `Could not load the outcomes: ${error.message}`;
      return;
    }
    if (asked !== viewAsked) return;
    state.view = view;
    renderTree();
  }

  /** Unrelated rows, whatever their conditions, named once where they all share one outcome. */
  function labelsOf(group, allGroups) {
    const unrelated = (s) => s.key === 'unrelated' || s.key.startsWith('unrelated') || s.key.includes('@unrelated');
    const everywhere = allGroups.flatMap((g) => g.situations).filter(unrelated).length;
    const here = group.situations.filter(unrelated);
    if (here.length < 2 || here.length !== everywhere) return group.situations.map((s) => s.label);
    return ['unrelated (every condition)', ...group.situations.filter((s) => !unrelated(s)).map((s) => s.label)];
  }

  /** "related, consent off: mask P-21 (reason)", or "other rows: …" for the most common outcome when several differ. */
  function outcomeLine(group, { others, groups = [group] }) {
    const where = group.situations.length === 1 && group.situations[0].key === 'any' ? null : others ? 'other rows' : labelsOf(group, groups).join('; ');
    return h(
      'span',
      { class: 'outcome', title: group.situations.map((s) => s.text).join('; ') },
      where ? h('span', { class: 'situation' }, `${where}: `) : null,
      chip(group.outcome),
      ' ',
      ruleId(group.rule),
      ' ',
      h('span', { class: 'reason' }, group.reason),
    );
  }

  function outcomeLines(groups) {
    const many = groups.length > 1;
    // The most common outcome last, as "other rows", when it covers more than a few situations.
    const ordered = many ? [...groups.slice(1), groups[0]] : groups;
    const parts = [];
    ordered.forEach((group, i) => {
      if (i > 0) parts.push(h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '));
      parts.push(outcomeLine(group, { others: many && i === ordered.length - 1 && group.situations.length > 3, groups }));
    });
    return parts;
  }

  function ruleTexts(groups) {
    const ids = [...new Set(groups.map((g) => g.rule))];
    return ids.map((id) => h('p', { class: 'rule-text' }, ruleId(id), ' ', state.view.rules[id] ?? ''));
  }

  function renderTree() {
    const view = state.view;
    $('view-title').textContent = `as ${view.roleName}, ${view.purpose ? `purpose ${view.purpose}` : 'no purpose'}`;
    const types = view.types.map((type) => {
      const fields = type.fields.map((field) =>
        h(
          'li',
          { class: `field outcome-${field.outcomes[0]?.outcome ?? 'none'}`, 'data-coordinate': field.coordinate, 'data-outcome': field.outcomes.map((o) => o.outcome).join(' ') },
          h('div', { class: 'field-line' }, h('code', { class: 'field-name' }, field.name), ' ', ...outcomeLines(field.outcomes)),
          ...ruleTexts(field.outcomes),
        ),
      );
      const rows = type.rows ? h('div', { class: 'rows' }, h('span', { class: 'situation' }, 'rows: '), ...outcomeLines(type.rows)) : null;
      return h(
        'li',
        { class: 'type', 'data-type': type.name },
        h('details', { open: true }, h('summary', {}, h('code', { class: 'type-name' }, type.name), ' ', h('span', { class: 'muted' }, `${type.fields.length} fields`)), rows, h('ul', { class: 'fields' }, fields)),
      );
    });
    $('tree').replaceChildren(...types);
    markChanges();
    applyFilter();
  }

  function applyFilter() {
    const text = $('filter').value.trim().toLowerCase();
    let shown = 0;
    for (const type of $('tree').children) {
      const typeMatches = !text || type.dataset.type.toLowerCase().includes(text);
      let any = false;
      for (const field of type.querySelectorAll('li.field')) {
        const match = typeMatches || field.dataset.coordinate.toLowerCase().includes(text);
        field.hidden = !match;
        if (match) any = true, shown++;
      }
      type.hidden = !any && !typeMatches;
    }
    $('status').textContent = `${shown} field${shown === 1 ? '' : 's'} shown${text ? ` matching “${text}”` : ''}.`;
  }

  /** Marks the fields (and types' rows) the loaded proposal changes for the role and purpose shown. */
  function markChanges() {
    for (const old of $('tree').querySelectorAll('.change-note')) old.remove();
    for (const old of $('tree').querySelectorAll('.changed')) old.classList.remove('changed', 'releases');
    if (!state.diff || !state.view) return;
    const mine = state.diff.changes.filter((c) => c.role === state.view.role && (c.purpose ?? '') === (state.view.purpose ?? ''));
    for (const change of mine) {
      const target = change.coordinate.includes('.')
        ? $('tree').querySelector(`li.field[data-coordinate="${CSS.escape(change.coordinate)}"]`)
        : $('tree').querySelector(`li.type[data-type="${CSS.escape(change.coordinate)}"] .rows`);
      if (!target) continue;
      target.classList.add('changed');
      if (change.releases) target.classList.add('releases');
      target.append(h('div', { class: 'change-note' }, 'proposal: ', changeText(change)));
    }
  }

  function changeText(change) {
    const side = (s) => (s ? [chip(s.outcome), ' ', ruleId(s.rule)] : [h('span', { class: 'muted' }, 'not open')]);
    // What a caller reads besides the outcome: the explanation, the consent it names, the generalization.
    // A change there may be a release, so the officer reads it before and after, not only the tag.
    const said = [];
    const sameOutcome = change.before && change.after && change.before.outcome === change.after.outcome && change.before.rule === change.after.rule;
    for (const [key, label] of [['reason', 'explanation'], ['consent', 'consent named'], ['generalization', 'generalization']]) {
      const from = change.before?.[key];
      const to = change.after?.[key];
      // An explanation is shown where the outcome stays: otherwise it changes with it.
      if (key === 'reason' && !sameOutcome) continue;
      if (from !== to && (from !== undefined || to !== undefined)) said.push(h('span', { class: 'said' }, `${label}: “${from ?? '—'}” → “${to ?? '—'}”`));
    }
    return h(
      'span',
      {},
      change.situation === 'any' ? null : h('span', { class: 'situation', title: change.situationText }, `${change.situationLabel}: `),
      ...side(change.before),
      ' → ',
      ...side(change.after),
      change.releases ? [' ', h('strong', { class: 'releases-tag' }, 'RELEASES')] : null,
      said.length ? h('span', { class: 'said-list' }, said.flatMap((s) => [h('br', {}), s])) : null,
    );
  }

  function renderDiff() {
    const d = state.diff;
    const summary = h(
      'p',
      { class: 'diff-summary' },
      `Policy ${d.before} → ${d.after}: ${d.total} outcome${d.total === 1 ? '' : 's'} change, ${d.releases} of them release data; ${d.parameters.length} parameter${d.parameters.length === 1 ? '' : 's'} change, ${d.parameterReleases} of them release data.`,
    );
    const parameters = d.parameters.length
      ? h(
          'table',
          { class: 'parameters' },
          h('caption', {}, 'Parameter changes'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'parameter'), h('th', { scope: 'col' }, 'before → after'), h('th', { scope: 'col' }, 'effect'))),
          h(
            'tbody',
            {},
            d.parameters.map((p) =>
              h('tr', { class: p.releases ? 'releases' : '' }, h('td', {}, h('code', {}, p.parameter)), h('td', {}, `${p.before ?? '—'} → ${p.after ?? '—'}`, p.releases ? [' ', h('strong', { class: 'releases-tag' }, 'RELEASES')] : null), h('td', {}, p.effect)),
            ),
          ),
        )
      : null;
    const changes = d.changes.length
      ? h(
          'table',
          { class: 'changes' },
          h('caption', {}, d.omitted ? `Outcome changes (the first ${d.changes.length}; ${d.omitted} more not listed)` : 'Outcome changes'),
          h('thead', {}, h('tr', {}, ...['role', 'purpose', 'field', 'situation', 'before → after'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            d.changes.map((c) =>
              h(
                'tr',
                { class: c.releases ? 'releases' : '' },
                h('td', {}, c.roleName),
                h('td', {}, c.purpose ?? 'no purpose'),
                h('td', {}, h('code', {}, c.coordinate)),
                h('td', { title: c.situationText }, c.situationLabel),
                h('td', {}, changeText({ ...c, situation: 'any' })),
              ),
            ),
          ),
        )
      : h('p', {}, 'No outcome changes.');
    const rules = Object.keys(d.rules).length
      ? h('details', { class: 'diff-rules' }, h('summary', {}, 'Rules named above'), h('dl', {}, Object.entries(d.rules).flatMap(([id, text]) => [h('dt', {}, id), h('dd', {}, text)])))
      : null;
    $('diff').replaceChildren(summary, parameters ?? '', changes, rules ?? '');
  }

  async function runDiff() {
    const text = $('proposal-text').value.trim();
    if (!text) {
      $('diff-status').textContent = 'Load or paste a proposed policy first.';
      return;
    }
    $('diff-status').textContent = 'Comparing…';
    $('diff').replaceChildren();
    try {
      state.diff = await getJson(`${API}/diff`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    } catch (error) {
      state.diff = null;
      $('diff-status').textContent = '';
      const problems = error.problems?.length ? h('ul', {}, error.problems.map((p) => h('li', {}, p))) : null;
      $('diff').replaceChildren(h('div', { class: 'error', role: 'alert' }, h('p', {}, 'The proposal was not compared: ', error.problems?.length ? 'the policy is not valid.' : error.message), problems ?? ''));
      markChanges();
      return;
    }
    const d = state.diff;
    const changes = d.total + d.parameters.length;
    const releases = d.releases + d.parameterReleases;
    $('diff-status').textContent = `Compared: ${changes} change${changes === 1 ? '' : 's'}, ${releases} release${releases === 1 ? '' : 's'}.`;
    renderDiff();
    markChanges();
  }

  async function start() {
    try {
      state.catalog = await getJson(`${API}/roles`);
    } catch (error) {
      $('status').textContent = `Could not load the roles: ${error.message}`;
      return;
    }
    fillLegend();
    fillRoles();
    $('role').addEventListener('change', () => {
      fillPurposes(null);
      void loadView();
    });
    $('purpose').addEventListener('change', () => void loadView());
    $('filter').addEventListener('input', applyFilter);
    $('proposal-file').addEventListener('change', async () => {
      const file = $('proposal-file').files[0];
      if (file) $('proposal-text').value = await file.text();
    });
    $('run-diff').addEventListener('click', () => void runDiff());
    $('clear-diff').addEventListener('click', () => {
      state.diff = null;
      $('proposal-text').value = '';
      $('proposal-file').value = '';
      $('diff').replaceChildren();
      $('diff-status').textContent = '';
      markChanges();
    });
    await loadView();
  }

  void start();
})();
