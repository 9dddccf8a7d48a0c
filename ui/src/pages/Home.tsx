import { StatusPanel } from "../components/StatusPanel";
import { useDocumentTitle } from "../router";
import { useSession } from "../session";

export function Home() {
  useDocumentTitle("Home");
  const { user } = useSession();
  return (
    <>
      <h1 class="page-title">Welcome, {user.username}</h1>
      <div class="grid">
        <StatusPanel />
      </div>
    </>
  );
}
