import type { Expression, ExpressionNode } from "./types.js";

/**
 * The attributes an expression reads (`[name]` references, in order of first appearance, each once),
 * including those in branches a given object may not take — so an engine knows which attribute changes can
 * change the flow's result.
 *
 * @public
 */
export function attributesReferenced(expression: Expression): string[] {
  return collect(expression.root, "attribute");
}

/**
 * The `%parameters%` an expression reads, in order of first appearance, each once.
 *
 * @public
 */
export function parametersReferenced(expression: Expression): string[] {
  return collect(expression.root, "parameter");
}

function collect(root: ExpressionNode, kind: "attribute" | "parameter"): string[] {
  const found = new Set<string>();
  const stack: ExpressionNode[] = [root];
  // Iterative, children pushed in reverse, so the order is the order of the text.
  while (stack.length > 0) {
    const node = stack.pop() as ExpressionNode;
    if (node.kind === kind) found.add(node.name);
    else if (node.kind === "call")
      for (let i = node.args.length - 1; i >= 0; i -= 1) stack.push(node.args[i] as ExpressionNode);
    else if (node.kind === "binary") stack.push(node.right, node.left);
    else if (node.kind === "group") stack.push(node.inner);
  }
  return [...found];
}
