// The stand's staff console: Vue 3 + Vuetify 3 + vue-router 4, the stack kodex's console is built with.
import { createApp } from 'vue';
import { createVuetify } from 'vuetify';
import { aliases, mdi } from 'vuetify/iconsets/mdi';
import 'vuetify/styles';
import '@mdi/font/css/materialdesignicons.css';
import App from './app.js';
import * as components from './components.js';
import { createAppRouter } from './router.js';

const vuetify = createVuetify({
  components,
  icons: { defaultSet: 'mdi', aliases, sets: { mdi } },
  theme: { defaultTheme: 'light' },
});

createApp(App).use(vuetify).use(createAppRouter()).mount('#app');
