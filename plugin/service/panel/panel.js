// The panel for one action on one case, opened from a signed link. It talks only to
// its own session's endpoints (…/info, …/runs); the DMS's client token never reaches
// the browser. Plain JavaScript, nothing loaded from elsewhere.
'use strict';

(function () {
  const base = location.pathname.endsWith('/') ? location.pathname : location.pathname + '/';
  const $ = (id) => document.getElementById(id);
  let action = null;
  let runUrl = null;
  let events = null;

  const stateHeadings = {
    ok: 'Klart',
    invalid: 'Uppgifterna behöver rättas',
    'not-allowed': 'Du saknar behörighet',
    refused: 'Åtgärden kunde inte utföras',
    unavailable: 'Tjänsten går inte att nå just nu',
    failed: 'Något gick fel',
    cancelled: 'Körningen avbröts',
  };

  function showError(text) {
    $('error').textContent = text;
  }

  async function errorText(response) {
    try {
      const body = await response.json();
      if (body && body.fel && body.fel.meddelande) return body.fel.meddelande;
    } catch (e) { /* not JSON */ }
    return 'Servern svarade ' + response.status + '. Försök igen.';
  }

  function field(parameter) {
    const id = 'p-' + parameter.key;
    const wrapper = document.createElement('div');
    wrapper.className = 'field';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = parameter.label + (parameter.required ? ' (obligatorisk)' : '');
    let input;
    if (parameter.type === 'choice') {
      input = document.createElement('select');
      if (!parameter.required) input.appendChild(new Option('(standard)', ''));
      for (const value of parameter.allowedValues || []) input.appendChild(new Option(value, value));
      if (parameter.default) input.value = parameter.default;
    } else if (parameter.type === 'boolean') {
      wrapper.className = 'field checkbox';
      input = document.createElement('input');
      input.type = 'checkbox';
      input.checked = parameter.default === 'ja';
    } else {
      input = document.createElement('input');
      input.type = parameter.type === 'date' ? 'date' : parameter.type === 'integer' ? 'number' : 'text';
      if (parameter.type === 'integer') input.step = '1';
      if (parameter.default) input.value = parameter.default;
    }
    input.id = id;
    input.name = parameter.key;
    if (parameter.required) input.required = true;
    const describedBy = [];
    const help = document.createElement('p');
    help.className = 'help';
    help.id = id + '-help';
    help.textContent = parameter.help || '';
    if (parameter.help) describedBy.push(help.id);
    const error = document.createElement('p');
    error.className = 'field-error';
    error.id = id + '-error';
    describedBy.push(error.id);
    input.setAttribute('aria-describedby', describedBy.join(' '));
    if (parameter.type === 'boolean') {
      wrapper.append(input, label);
    } else {
      wrapper.append(label, input);
    }
    if (parameter.help) wrapper.append(help);
    wrapper.append(error);
    return wrapper;
  }

  function validDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    const date = new Date(text + 'T00:00:00Z');
    return !isNaN(date) && date.toISOString().slice(0, 10) === text;
  }

  // Returns the parameters, or null after marking the fields that need correcting.
  function collect() {
    const values = {};
    let firstBad = null;
    for (const parameter of action.parameters || []) {
      const input = $('p-' + parameter.key);
      const error = $('p-' + parameter.key + '-error');
      let message = '';
      let value = parameter.type === 'boolean' ? (input.checked ? 'ja' : 'nej') : input.value.trim();
      if (parameter.required && value === '') message = 'Fyll i ' + parameter.label.toLowerCase() + '.';
      else if (parameter.type === 'date' && value !== '' && !validDate(value))
        message = 'Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2024-04-30.';
      else if (parameter.type === 'integer' && value !== '' && !/^-?\d+$/.test(value))
        message = 'Skriv ett heltal.';
      error.textContent = message;
      if (message) {
        input.setAttribute('aria-invalid', 'true');
        if (!firstBad) firstBad = input;
      } else {
        input.removeAttribute('aria-invalid');
      }
      if (value !== '') values[parameter.key] = value;
    }
    if (action.parameters) {
      const from = values.from, to = values.to;
      if (from && to && from > to) {
        $('p-to-error').textContent = 'Till och med-datumet ligger före från och med-datumet.';
        $('p-to').setAttribute('aria-invalid', 'true');
        firstBad = firstBad || $('p-to');
      }
    }
    if (firstBad) {
      firstBad.focus();
      return null;
    }
    return values;
  }

  function setRunning(running) {
    $('start').disabled = running;
    $('cancel').hidden = !running;
    for (const element of $('fields').querySelectorAll('input, select')) element.disabled = running;
  }

  function showProgress(progress) {
    const percent = Math.round((progress.fraction || 0) * 100);
    $('bar').value = percent;
    $('bar').setAttribute('aria-valuetext', percent + ' procent');
    $('status').textContent = (progress.message || '') + ' – ' + percent + ' %';
  }

  // The registry entry the run drew up or finalised: a link to the DMS's page for it when
  // the service knows that page's address (<entry-link>), else its id and what to do.
  function showEntry(result) {
    const box = $('result-entry');
    box.replaceChildren();
    const paragraph = (text, className) => {
      const p = document.createElement('p');
      if (className) p.className = className;
      if (text) p.textContent = text;
      box.append(p);
      return p;
    };
    if (result.entry && result.entry.url) {
      const link = document.createElement('a');
      link.id = 'entry-link';
      link.href = result.entry.url;
      link.target = '_blank';
      link.rel = 'noopener';
      link.textContent = 'Öppna handlingen i diariet (öppnas i en ny flik)';
      paragraph('').append(link);
    } else if (result.entry) {
      paragraph('Handlingen finns i diariet med id ' + result.entry.id + '.').id = 'entry-id';
      paragraph('Panelen kan inte länka till handlingen, eftersom diariets adress till en handling ' +
        'inte är inställd i tjänsten. Sök på id:t i diariet, eller be administratören att ange ' +
        'adressen (entry-link under service i konfigurationen).', 'help');
    } else if ((result.createdIds || []).length) {
      paragraph('Registrerat i diariet med id ' + result.createdIds.join(', ') + '.');
    }
  }

  function showResult(run) {
    setRunning(false);
    if (events) { events.close(); events = null; }
    showProgress(run.progress || {});
    const result = run.result || {};
    const section = $('result');
    section.className = run.state === 'ok' ? 'state-ok' : 'state-failed';
    $('result-heading').textContent = stateHeadings[run.state] || run.state;
    $('result-message').textContent = result.message || '';
    const files = $('result-files');
    files.replaceChildren();
    for (const file of result.files || []) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = file.url;
      link.textContent = 'Hämta ' + file.name;
      link.setAttribute('download', file.name);
      item.append(link);
      files.append(item);
    }
    showEntry(result);
    const warnings = $('result-warnings');
    warnings.replaceChildren();
    for (const warning of result.warnings || []) {
      const item = document.createElement('li');
      item.textContent = warning;
      warnings.append(item);
    }
    section.hidden = false;
    $('start').textContent = 'Kör igen';
    section.focus();
  }

  function follow(url) {
    runUrl = url;
    events = new EventSource(url + '/events');
    events.addEventListener('progress', (event) => showProgress(JSON.parse(event.data)));
    events.addEventListener('end', (event) => showResult(JSON.parse(event.data)));
    events.onerror = async () => {
      // The stream broke (network, server restart): ask for the state once instead.
      if (!events) return;
      events.close();
      events = null;
      const response = await fetch(url);
      if (response.ok) {
        const run = await response.json();
        if (run.state !== 'queued' && run.state !== 'running') showResult(run);
        else setTimeout(() => follow(url), 2000);
      } else {
        setRunning(false);
        showError(await errorText(response));
      }
    };
  }

  async function start(event) {
    event.preventDefault();
    showError('');
    const parameters = collect();
    if (!parameters) return;
    $('result').hidden = true;
    $('progress-section').hidden = false;
    showProgress({ fraction: 0, message: 'Startar' });
    setRunning(true);
    const response = await fetch(base + 'runs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ parameters }),
    });
    if (!response.ok) {
      setRunning(false);
      $('progress-section').hidden = true;
      showError(await errorText(response));
      return;
    }
    const run = await response.json();
    follow(base + 'runs/' + run.id);
  }

  async function cancel() {
    if (!runUrl) return;
    $('cancel').disabled = true;
    $('status').textContent = 'Avbryter …';
    const response = await fetch(runUrl, { method: 'DELETE' });
    $('cancel').disabled = false;
    if (!response.ok && response.status !== 409) showError(await errorText(response));
  }

  async function load() {
    const response = await fetch(base + 'info');
    if (!response.ok) {
      showError(await errorText(response));
      return;
    }
    const info = await response.json();
    action = info.action;
    document.title = action.label + ' – Nämndrapport';
    $('title').textContent = action.label;
    $('description').textContent = action.description || '';
    $('subject').textContent = info.case ? 'Ärende ' + info.case
      : info.meeting ? 'Sammanträde ' + info.meeting : '';
    const fields = $('fields');
    for (const parameter of action.parameters || []) fields.append(field(parameter));
    $('form').hidden = false;
    $('form').addEventListener('submit', start);
    $('cancel').addEventListener('click', cancel);
    const first = fields.querySelector('input, select') || $('start');
    first.focus();
  }

  load().catch(() => showError('Panelen kunde inte läsas in. Ladda om sidan.'));
})();
