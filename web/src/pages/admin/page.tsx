import '../../flows/flows.css';
import { Page as Frame } from '../../ui/page.tsx';
import { Accounts } from './accounts.tsx';
import { Tokens } from './tokens.tsx';

/** Accounts and their roles, asset ownership, and API tokens: every change here lands in the audit log. */
export default function Page() {
  return (
    <Frame title="Admin">
      <Accounts />
      <Tokens />
    </Frame>
  );
}
