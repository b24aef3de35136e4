/** Steps shared by the tours of the CRM method's addons. */

/** A step that fails unless its element's text lies inside the window, not scrolled off to the side. */
export function onScreen(trigger, content) {
    return {
        content,
        trigger,
        run() {
            // the text's boxes, not the element's: a group title's cell spans the whole table
            const walker = document.createTreeWalker(this.anchor, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let [left, right] = [Infinity, -Infinity];
            while (walker.nextNode()) {
                if (walker.currentNode.textContent.trim()) {
                    range.selectNodeContents(walker.currentNode);
                    const box = range.getBoundingClientRect();
                    [left, right] = [Math.min(left, box.left), Math.max(right, box.right)];
                }
            }
            if (left === Infinity || left < 0 || right > window.innerWidth) {
                throw new Error(`${content}: off screen (${left}-${right} of ${window.innerWidth} px)`);
            }
        },
    };
}
