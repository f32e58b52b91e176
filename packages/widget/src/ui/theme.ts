/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The CSS variables `colors.brand` sets. Text on the brand colour, and links in it, stay readable
 * (contrast 4.5:1) whatever colour the app picks: a light brand gets dark button text and dark links.
 */
export function brandVariables(brand: string): Record<string, string> {
  const readableOnWhite = 1.05 / (luminance(brand) + 0.05) >= 4.5;
  return {
    '--lk-brand': brand,
    '--lk-brand-text': readableOnWhite ? '#ffffff' : '#1b1c20',
    '--lk-link': readableOnWhite ? brand : '#1b1c20',
  };
}
