// Allure 3: one offline HTML file from allure-results (`npm run report`).
export default {
  name: 'kodex-gate regression report',
  output: './allure-report',
  historyPath: './.allure-history.jsonl',
  plugins: { awesome: { options: { singleFile: true, reportLanguage: 'en' } } },
};
