package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.auth.Passwords;
import dev.camgate.auth.Tokens;
import dev.camgate.testing.TestHub;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a person does with auth on, in real Chromium: the pages send them to the login form, the form
 * logs them in, the dashboard lists only their cameras, and they watch real video from a phone that
 * published after logging in with its token. Two browsers, so two cookie jars: the phone and the person.
 */
class LoginFlowTest {
    static final Duration LIVE = Duration.ofSeconds(20);
    static final String PHONE_TOKEN = Tokens.random();
    static TestHub hub;
    static String base;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("""
                auth:
                  users:
                    - {name: alice, password_hash: "%s", rights: {porch: view, garden: view}}
                  tokens:
                    - {name: garden-phone, token_hash: "%s", rights: {garden: publish}}
                cameras:
                  - {id: porch, type: browser, key: porch-secret-key}
                  - {id: garage, type: ayame, key: garage-secret-key}
                """.formatted(Passwords.hash("alice-password-1".toCharArray()), Tokens.hash(PHONE_TOKEN)));
        base = "http://127.0.0.1:" + hub.port();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void logInPublishFromAPhoneThenLogInAndWatchFromTheDashboard() {
        try (Browser phone = Browser.launch(); Browser person = Browser.launch()) {
            // The phone opens the publish page, is sent to log in, uses its token, and comes back publishing.
            phone.open(base + "/publish?camera=garden&name=Garden&autostart=1");
            // The page's script carries ?next= into the form: a submit before it ran would land on the dashboard (a CI
            // run did just that under load), which no person typing a token is fast enough to do.
            phone.waitFor("the login form, ready", "location.pathname === '/login'"
                    + " && document.querySelector('input[name=next]').value.startsWith('/publish')", LIVE);
            assertTrue(phone.url().contains("next=%2Fpublish%3Fcamera%3Dgarden"), phone.url());
            phone.js("document.querySelector('details').open = true;"
                    + "document.querySelector('input[name=token]').value = arguments[0];"
                    + "document.querySelector('input[name=token]').form.submit()", PHONE_TOKEN);
            phone.waitFor("the publish page, live", "location.pathname === '/publish' && window.camgate?.publisher?.state === 'live'", LIVE);

            // The person opens the dashboard, logs in with name and password, and sees their cameras only.
            person.open(base + "/");
            person.waitFor("the login form", "location.pathname === '/login'", LIVE);
            person.js("document.querySelector('input[name=password]').value = 'wrong-password';"
                    + "document.querySelector('input[name=name]').value = 'alice';"
                    + "document.querySelector('input[name=password]').form.submit()");
            person.waitFor("the login form to say why", "document.getElementById('error').textContent.includes('wrong name, password or token')", LIVE);
            person.js("document.querySelector('input[name=name]').value = 'alice';"
                    + "document.querySelector('input[name=password]').value = 'alice-password-1';"
                    + "document.querySelector('input[name=password]').form.submit()");
            person.waitFor("the dashboard with the garden camera online",
                    "location.pathname === '/' && document.querySelector('[data-camera=garden]')?.dataset.status === 'online'", LIVE);
            @SuppressWarnings("unchecked")
            List<String> listed = (List<String>) person.js("return [...document.querySelectorAll('[data-camera]')].map(e => e.dataset.camera).sort()");
            assertEquals(List.of("garden", "porch"), listed, "alice sees her cameras, not the garage");
            person.waitFor("who is logged in", "document.querySelector('form.account .who').textContent === 'alice'", LIVE);
            assertFalse((Boolean) person.js("return document.querySelector('form.account').hidden"));

            person.js("document.querySelector('[data-camera=garden] .watch').click()");
            person.waitFor("the viewer to be live", "window.camgate?.session?.state === 'live'", LIVE);
            VideoProof.assertFrames(person, BrowserVideoTest.VIEWER_PC, BrowserVideoTest.VIEWER_VIDEO);
            phone.waitFor("the phone to count its viewer", "window.camgate.publisher.viewerCount() === 1", LIVE);

            // A camera she may not watch says so in words and does not keep knocking.
            person.open(base + "/view?camera=garage");
            person.waitFor("the refusal in words", "window.camgate?.session?.state === 'not-allowed'", LIVE);
            assertTrue(((String) person.js("return document.body.textContent")).contains("may not view"));

            // Logging out ends the session: the next page goes back to the login form.
            person.js("document.querySelector('form.account').submit()");
            person.waitFor("the login form", "location.pathname === '/login'", LIVE);
            person.open(base + "/view?camera=garden");
            person.waitFor("the login form again", "location.pathname === '/login'", LIVE);
        }
    }
}
