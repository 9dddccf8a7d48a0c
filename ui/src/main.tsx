import { render } from "preact";
import { App } from "./app";
import { applyStoredTheme } from "./theme";
import "./styles.css";

applyStoredTheme();

const root = document.getElementById("app");
if (!root) throw new Error("index.html has no #app element");
render(<App />, root);
