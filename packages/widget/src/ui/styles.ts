/** widget.css, minified by build.mjs. */
declare const __LATCHKEY_CSS__: string;

let installed = false;

/**
 * Adds the widget's stylesheet to the document once. A constructed stylesheet is not inline
 * style, so a Content-Security-Policy without 'unsafe-inline' allows it; older browsers get a
 * <style> element.
 */
export function installStyles(): void {
  if (installed) return;
  installed = true;
  if ('adoptedStyleSheets' in document && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(__LATCHKEY_CSS__);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = __LATCHKEY_CSS__;
    document.head.append(style);
  }
}
