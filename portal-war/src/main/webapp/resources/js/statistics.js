// The statistics page's charts: every <canvas data-chart="..."> holds its chart's type, labels and
// datasets as JSON (written by the server, escaped as an attribute); nothing inline, nothing fetched.
(function () {
    'use strict';
    function draw() {
        if (typeof Chart === 'undefined') {
            return; // the tables below each chart say the same
        }
        document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
            var config = JSON.parse(canvas.getAttribute('data-chart'));
            config.options = {
                animation: false,
                responsive: true,
                maintainAspectRatio: false,
                scales: config.type === 'line' || config.type === 'bar' ? { y: { beginAtZero: true } } : undefined
            };
            if (canvas.hasAttribute('data-max')) {
                config.options.scales.y.max = Number(canvas.getAttribute('data-max'));
            }
            canvas.chart = new Chart(canvas, config);
            canvas.setAttribute('data-drawn', 'true');
        });
    }
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', draw);
    } else {
        draw();
    }
})();
