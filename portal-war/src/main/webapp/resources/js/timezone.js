// Tells the server the viewer's time zone, so pages show times in it (see Times.java). The only
// script of the pages; without it times are shown in UTC, named as such.
(function () {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) {
        return;
    }
    var current = document.cookie.split('; ').filter(function (c) { return c.indexOf('tg_tz=') === 0; })[0];
    if (current !== 'tg_tz=' + zone) {
        // set on every page, the login page included: the pages after it show local times
        document.cookie = 'tg_tz=' + zone + '; path=/; max-age=31536000; secure; samesite=strict';
    }
})();
