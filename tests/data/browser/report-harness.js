// Loaded after the HTML report in a copy of it: exercises the report in the
// browser (rendering, filters, details) and writes what it saw as JSON into
// <pre id="artlint-test-result"> for tests/test_html_report.py to read.
window.addEventListener('load', function(){
  function visibleMarks(cat){
    return Array.from(document.querySelectorAll('mark[data-rule]')).filter(function(m){
      return (!cat || m.dataset.category === cat) && !m.classList.contains('off') &&
        getComputedStyle(m).borderBottomColor !== 'rgba(0, 0, 0, 0)';
    }).length;
  }
  var out = {};
  var marks = Array.from(document.querySelectorAll('mark[data-rule]'));
  out.marks = marks.map(function(m){
    var r = m.getBoundingClientRect();
    return {rule: m.dataset.rule, line: +m.dataset.line, column: +m.dataset.column, text: m.textContent,
            path: m.closest('article').dataset.path, width: r.width, height: r.height, intext: !!m.closest('.text')};
  });
  out.visible_before = visibleMarks();
  var box = document.getElementById('filter-category-translation');
  box.click();
  out.translation_after = visibleMarks('translation');
  out.visible_after_category = visibleMarks();
  out.shown_text = document.getElementById('shown').textContent;
  box.click();
  var err = document.getElementById('filter-severity-error');
  err.click();
  out.errors_after = Array.from(document.querySelectorAll('mark[data-rule][data-severity=error]')).filter(function(m){return !m.classList.contains('off');}).length;
  out.visible_after_severity = visibleMarks();
  out.rows_visible = Array.from(document.querySelectorAll('tr[data-ref]')).filter(function(r){return r.offsetParent !== null;}).length;
  err.click();
  if (marks.length) { marks[0].click(); out.details = document.getElementById('details').textContent; }
  var pre = document.createElement('pre'); pre.id = 'artlint-test-result';
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
});
