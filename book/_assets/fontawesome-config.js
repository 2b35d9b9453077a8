// The theme's Font Awesome script rewrites <i class="fa"> icons as they appear and
// breaks widgets that use them. Stop it watching the page (must run before embed.js).
window.FontAwesomeConfig = Object.assign(window.FontAwesomeConfig || {}, { observeMutations: false });
