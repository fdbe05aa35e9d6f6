export {
  describeLedgerContract,
  type LedgerFactory,
} from './describe-ledger-contract.js';
