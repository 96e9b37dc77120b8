// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Fixture} from "./utils/Fixture.sol";
import {Token} from "../src/token/Token.sol";

/// @dev Drives the token with holder and agent operations among a fixed set of wallets; calls that the token
/// refuses simply revert (fail_on_revert is off), which is itself part of what is tested.
contract TokenHandler is CommonBase, StdCheats, StdUtils {
    Token internal token;
    address internal agent;
    address[] internal actors;
    address internal restricted;

    constructor(Token token_, address agent_, address[] memory actors_, address restricted_) {
        token = token_;
        agent = agent_;
        actors = actors_;
        restricted = restricted_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function actor(uint256 i) external view returns (address) {
        return actors[i];
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function mint(uint256 toSeed, uint256 amount) external {
        amount = bound(amount, 0, 100_000e18);
        vm.prank(agent);
        token.mint(_actor(toSeed), amount);
    }

    function burn(uint256 fromSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        amount = bound(amount, 0, token.balanceOf(from));
        vm.prank(agent);
        token.burn(from, amount);
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        amount = bound(amount, 0, token.balanceOf(from) + 1);
        vm.prank(from);
        token.transfer(_actor(toSeed), amount);
    }

    /// @dev Agent moves bypass compliance by design (ERC-3643), so they are aimed only at the compliant actors;
    /// the receiver must still be verified, which the unregistered actor tests.
    function forcedTransfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        if (to == restricted) to = actors[0];
        amount = bound(amount, 0, token.balanceOf(from));
        vm.prank(agent);
        token.forcedTransfer(from, to, amount);
    }

    function freezePartial(uint256 seed, uint256 amount) external {
        address w = _actor(seed);
        amount = bound(amount, 0, token.balanceOf(w) - token.getFrozenTokens(w));
        vm.prank(agent);
        token.freezePartialTokens(w, amount);
    }

    function unfreezePartial(uint256 seed, uint256 amount) external {
        address w = _actor(seed);
        amount = bound(amount, 0, token.getFrozenTokens(w));
        vm.prank(agent);
        token.unfreezePartialTokens(w, amount);
    }

    function setFrozen(uint256 seed, bool frozen) external {
        vm.prank(agent);
        token.setAddressFrozen(_actor(seed), frozen);
    }

    function togglePause() external {
        bool paused = token.paused(); // read before the prank: a view call would consume it
        vm.prank(agent);
        if (paused) token.unpause();
        else token.pause();
    }
}

contract TokenInvariantTest is Fixture {
    TokenHandler internal handler;
    address[] internal actors;

    function setUp() public override {
        super.setUp();
        actors.push(alice);
        actors.push(bob);
        actors.push(carol);
        actors.push(eve); // registered, but her country is not allowed: must never receive
        actors.push(dave); // unregistered: must never receive
        handler = new TokenHandler(token, issuer, actors, eve);
        targetContract(address(handler));
    }

    function invariant_totalSupplyEqualsSumOfBalances() public view {
        uint256 sum;
        for (uint256 i; i < actors.length; ++i) {
            sum += token.balanceOf(actors[i]);
        }
        assertEq(token.totalSupply(), sum);
    }

    function invariant_frozenNeverExceedsBalance() public view {
        for (uint256 i; i < actors.length; ++i) {
            assertLe(token.getFrozenTokens(actors[i]), token.balanceOf(actors[i]));
        }
    }

    /// @dev dave is unregistered (no path may credit him, agent moves included); eve's country is not allowed
    /// (holder transfers and mints may not credit her; the handler aims no agent move at her).
    function invariant_unverifiedOrDisallowedNeverHold() public view {
        assertEq(token.balanceOf(dave), 0);
        assertEq(token.balanceOf(eve), 0);
    }

    function invariant_holderCountMatchesBalances() public view {
        uint256 holders;
        for (uint256 i; i < actors.length; ++i) {
            if (token.balanceOf(actors[i]) != 0) ++holders;
        }
        assertEq(holdersModule.getHolderCount(address(compliance)), holders);
    }

    function invariant_balancesWithinMax() public view {
        for (uint256 i; i < actors.length; ++i) {
            assertLe(token.balanceOf(actors[i]), MAX_BALANCE);
        }
    }
}
