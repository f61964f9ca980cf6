/** First-run set-up and the office's county (same keys as office-zh-CN.ts). */
import type { officeZhCN } from './office-zh-CN';

export const officeEn: { readonly [K in keyof typeof officeZhCN]: string } = {
  'office.firstRun.banner':
    'First use: set up this office (county, office name, operator); new records then belong to this county.',
  'office.firstRun.open': 'Set up this office',
  'office.firstRun.title': 'First use: set up this office',
  'office.firstRun.help':
    "A county office records only its own county's enterprises, demands and visits. The county is set here once; after this device is enrolled with the provincial server, its certificate decides.",
  'office.firstRun.county': 'County',
  'office.firstRun.countyPlaceholder': 'Type to find a county, e.g. Gaoyang',
  'office.firstRun.name': 'Office name',
  'office.firstRun.namePlaceholder': 'e.g. Gaoyang County Science and Technology Bureau',
  'office.firstRun.operator': 'Operator (your name)',
  'office.firstRun.operatorPlaceholder': 'Your name',
  'office.firstRun.defaultName': '{county} Science and Technology Bureau',
  'office.firstRun.save': 'Save',
  'office.firstRun.needCounty': 'Choose the county',
  'office.firstRun.needName': 'Enter the office name',
  'office.firstRun.needOperator': "Enter the operator's name",
  'office.firstRun.saved': 'This office is set up: {name} ({county}).',
  'delete.noDependents': 'No other record refers to it.',
  'delete.dependents': 'These records refer to it:',
  'delete.dependentGroup': '{entity}: {count} ({names})',
  'delete.andMore': ' and more',
  'delete.dependentsAfter': 'After deletion they are kept and show it as "(deleted) name". To keep it, choose Cancel.',
  'office.current': 'This office: {name} ({county})',
  'office.otherCounty.title': 'Not this office’s record',
};
