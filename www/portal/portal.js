// The portal's few lines: load the widget, listen to both editors, pass a form on for review.
import init, { mount } from './widget/jixiao_widget.js';

await init(); // registers <jixiao-checker>

const log = document.getElementById('log');
const filter = document.getElementById('filter');
const counts = (report) => {
    const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
    return { forms: report.forms.length, errors };
};
function record(source, event) {
    const { forms, errors } = counts(event.detail);
    const li = document.createElement('li');
    li.dataset.source = source;
    li.dataset.type = event.type;
    li.dataset.forms = String(forms);
    li.dataset.errors = String(errors);
    li.textContent = `${new Date().toLocaleTimeString()} ${source} ${event.type}：${forms} 张表，${errors} 个错误`;
    li.hidden = filter.value !== '' && !li.textContent.includes(filter.value);
    log.prepend(li);
}
filter.addEventListener('input', () => {
    for (const li of log.children) li.hidden = filter.value !== '' && !li.textContent.includes(filter.value);
});

// ① The element: attributes in the HTML, events on the element.
const submit = document.getElementById('submit');
for (const type of ['jixiao-change', 'jixiao-checked']) {
    submit.addEventListener(type, (e) => record('submit', e));
}
submit.addEventListener('jixiao-checked', (e) => {
    const { forms, errors } = counts(e.detail);
    document.getElementById('submit-forms').textContent = forms;
    document.getElementById('submit-errors').textContent = errors;
});

// ② mount(): options in the call, events on the element given.
const reviewAt = document.getElementById('review');
for (const type of ['jixiao-change', 'jixiao-checked']) {
    reviewAt.addEventListener(type, (e) => record('review', e));
}
const options = { lang: 'en', readonly: true, profile: '20+80' };
let review = mount(reviewAt, options);

document.getElementById('send').addEventListener('click', () => review?.setText(submit.value));
const destroy = document.getElementById('destroy');
const remount = document.getElementById('remount');
destroy.addEventListener('click', () => {
    review.destroy();
    review = null;
    destroy.disabled = true;
    remount.disabled = false;
});
remount.addEventListener('click', () => {
    review = mount(reviewAt, { ...options, value: submit.value });
    destroy.disabled = false;
    remount.disabled = true;
});

// For the end-to-end tests and the curious: the handles.
window.jixiaoPortal = { get review() { return review; }, mount };
