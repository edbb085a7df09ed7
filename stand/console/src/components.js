// The Vuetify components the pages use (string templates resolve them by name), so the bundle stays small.
// prettier-ignore
export {
  VAlert, VApp, VAppBar, VAppBarNavIcon, VBreadcrumbs, VBtn, VBtnToggle, VCard, VCardActions, VCardText,
  VCardTitle, VCheckbox, VChip, VCol, VContainer, VDataTable, VDataTableServer, VDialog, VDivider,
  VExpansionPanel, VExpansionPanels, VExpansionPanelText, VExpansionPanelTitle, VIcon, VList, VListItem,
  VListItemTitle, VListSubheader, VMain, VMenu, VNavigationDrawer, VProgressLinear, VRow, VSelect, VSpacer,
  VTextField, VTooltip,
} from 'vuetify/components';
