// The page for a host name that no organization answers on (before any locale is known: both languages).
function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function unknownHostPage(host: string, _nonce: string): string {
  const h = escapeHtml(host);
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Organisation inconnue – Maquette</title>
<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1e1e1e}h1{font-size:1.6rem}</style>
</head><body><main>
<h1>Aucune organisation à cette adresse</h1>
<p>Aucune collectivité n'utilise Maquette à l'adresse <strong>${h}</strong>. Vérifiez l'adresse saisie.</p>
<div lang="en"><h2>No organization at this address</h2>
<p>No town uses Maquette at <strong>${h}</strong>. Please check the address.</p></div>
</main></body></html>`;
}
