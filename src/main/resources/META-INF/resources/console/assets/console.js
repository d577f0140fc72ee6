// The console's only script: keeps the operator's API key in this tab's sessionStorage and sends it
// as a Bearer token with the action forms, straight to /api/v1. The key never goes into a page.
// Without this script every form still works: it posts to the console with the key typed in.
(function () {
    'use strict';
    var STORE = 'news-ingest.api-key';
    var result = document.getElementById('action-result');

    function storedKey() {
        return window.sessionStorage.getItem(STORE) || '';
    }

    function say(text) {
        if (result) {
            result.textContent = text;
        }
    }

    function showKeyState() {
        var state = document.getElementById('key-state');
        var hasKey = storedKey() !== '';
        if (state) {
            state.textContent = hasKey ? 'A key is kept for this tab.' : 'No key kept.';
        }
        document.querySelectorAll('.keyfield').forEach(function (field) {
            field.hidden = hasKey;
        });
    }

    var keyForm = document.getElementById('key-form');
    if (keyForm) {
        keyForm.hidden = false;
        keyForm.addEventListener('submit', function (event) {
            event.preventDefault();
            var input = document.getElementById('api-key');
            if (input.value) {
                window.sessionStorage.setItem(STORE, input.value);
            }
            input.value = '';
            showKeyState();
        });
        document.getElementById('forget-key').addEventListener('click', function () {
            window.sessionStorage.removeItem(STORE);
            showKeyState();
        });
    }

    function request(form) {
        var init = { method: form.dataset.apiMethod, headers: {} };
        if (form.dataset.apiEnabled) {
            init.headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify({ enabled: form.dataset.apiEnabled === 'true' });
        } else if (form.dataset.apiJson) {
            var body = {};
            body[form.dataset.apiJson] = form.elements[form.dataset.apiJson].value;
            init.headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        } else if (form.dataset.apiFile) {
            var file = form.elements[form.dataset.apiFile].files[0];
            init.headers['Content-Type'] = /\.ya?ml$/i.test(file.name) ? 'application/yaml' : 'text/x-opml';
            init.body = file;
        }
        return init;
    }

    document.querySelectorAll('form.action[data-api-path]').forEach(function (form) {
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
                return;
            }
            var typed = form.elements.key ? form.elements.key.value : '';
            if (typed) {
                window.sessionStorage.setItem(STORE, typed);
                form.elements.key.value = '';
                showKeyState();
            }
            var init = request(form);
            var key = storedKey();
            if (key) {
                init.headers.Authorization = 'Bearer ' + key;
            }
            say('Working…');
            window.fetch(form.dataset.apiPath, init).then(function (response) {
                if (response.ok) {
                    say('Done: HTTP ' + response.status + '.');
                    window.location.assign(form.dataset.after || window.location.pathname);
                    return;
                }
                return response.json().catch(function () { return {}; }).then(function (problem) {
                    say('Refused: HTTP ' + response.status + (problem.detail ? ': ' + problem.detail : '') + '.');
                });
            }).catch(function (error) {
                say('Not sent: ' + error.message + '.');
            });
        });
    });

    showKeyState();
}());
