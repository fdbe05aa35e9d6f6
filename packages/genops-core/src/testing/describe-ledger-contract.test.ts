import { InMemoryLedger } from '../ledger/in-memory-ledger.js';
import { describeLedgerContract } from './describe-ledger-contract.js';

describeLedgerContract('InMemoryLedger', async () => new InMemoryLedger());
