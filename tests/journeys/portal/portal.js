// The test portal: frames Precheck as a portal team would, keeps every message it receives
// (with its origin) in window.received, and sends answers with window.sendAnswers.
const params = new URLSearchParams(location.search);
const app = new URL(params.get('app'));
const frame = document.getElementById('precheck');
const query = new URLSearchParams({ embed: '1', parent: params.get('parent') ?? location.origin });
if (params.get('answers') === '1') query.set('answers', '1');
frame.src = `${app.origin}${app.pathname}?${query}#/policy/${params.get('policy')}`;
window.received = [];
window.addEventListener('message', (event) => {
  window.received.push({ origin: event.origin, data: event.data });
});
window.sendAnswers = (answers) => {
  frame.contentWindow.postMessage({ type: 'precheck.set_answers', answers }, app.origin);
};
