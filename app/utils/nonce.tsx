// The CSP nonce of the request, for <Scripts> and friends. Empty in the browser (it hides it).
import { createContext, useContext } from "react";

export const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export function useNonce() {
  return useContext(NonceContext);
}
