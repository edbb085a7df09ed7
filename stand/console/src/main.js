// The stand's staff console: Vue 3 + Vuetify 3 + vue-router 4, the stack kodex's console is built with.
import { createApp } from 'vue';
import { createVuetify } from 'vuetify';
import {
  VAlert, VApp, VAppBar, VAppBarNavIcon, VBreadcrumbs, VBtn, VBtnToggle, VCard, VCardActions, VCardText, VCardTitle,
  VCheckbox, VChip, VCol, VContainer, VDataTable, VDataTableServer, VDialog, VDivider, VExpansionPanel, VExpansionPanels,
  VExpansionPanelText, VExpansionPanelTitle, VIcon, VList, VListItem, VListItemTitle, VListSubheader, VMain, VMenu,
  VNavigationDrawer, VProgressLinear, VRow, VSelect, VSpacer, VTextField, VTooltip,
} from 'vuetify/components';
import { aliases, mdi } from 'vuetify/iconsets/mdi';
import 'vuetify/styles';
import '@mdi/font/css/materialdesignicons.css';
import App from './app.js';
import { createAppRouter } from './router.js';

// Only the components the pages use (string templates resolve them by name), so the bundle stays small.
const components = {
  VAlert, VApp, VAppBar, VAppBarNavIcon, VBreadcrumbs, VBtn, VBtnToggle, VCard, VCardActions, VCardText, VCardTitle,
  VCheckbox, VChip, VCol, VContainer, VDataTable, VDataTableServer, VDialog, VDivider, VExpansionPanel, VExpansionPanels,
  VExpansionPanelText, VExpansionPanelTitle, VIcon, VList, VListItem, VListItemTitle, VListSubheader, VMain, VMenu,
  VNavigationDrawer, VProgressLinear, VRow, VSelect, VSpacer, VTextField, VTooltip,
};
const vuetify = createVuetify({
  components,
  icons: { defaultSet: 'mdi', aliases, sets: { mdi } },
  theme: { defaultTheme: 'light' },
});

createApp(App).use(vuetify).use(createAppRouter()).mount('#app');
